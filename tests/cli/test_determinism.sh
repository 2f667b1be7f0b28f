#!/bin/sh
# Determinism on the real data (Korea's 159 si/gun, Sardinia's 377 comuni):
# the same partitions and statistics whatever the order of the flow rows
# (shuffled with a fixed random source, header kept), the order of the units
# (reversed, and permuted), and on a repeated run with one thread (regions are
# dissolved on every core otherwise). Compared: every attribute of the units
# layer and of each region layer (ogr2ogr -f CSV: no FIDs) and the region
# polygons' bytes, not the files' bytes (the provenance holds times).
set -u
: "${RN:?}" "${RN_TMP:?}" "${RN_DATA:?}"
T=$RN_TMP
rm -rf "$T"
mkdir -p "$T"
fails=0
bad() {
  echo "FAIL: $*" >&2
  fails=$((fails + 1))
}
yes 20240601 | head -c 200000 >"$T/seed" # shuf's fixed random source
attrs() {
  for l in units metro urban life; do
    echo "== $l"
    ogr2ogr -f CSV /vsistdout/ "$1" "$l" || echo "cannot read layer $l"
  done
  # the dissolved regions too, byte for byte, whatever the thread count
  for l in metro urban life urban_areas; do
    echo "== $l geometry"
    sqlite3 "$1" "SELECT region_id, hex(geom) FROM $l ORDER BY region_id" | sha256sum
  done
}
# check TAG UNITS LAYER ID NAME MASS FLOWS CORES ('' = by rule)
check() {
  tag=$1 units=$2 layer=$3 id=$4 name=$5 mass=$6 flows=$7 cores=$8
  dl() { # dl OUT UNITS FLOWS
    if [ -n "$cores" ]; then set -- "$@" --cores "$cores"; fi
    o=$1 u=$2 f=$3
    shift 3
    "$RN" delineate --units "$u" --id "$id" --name "$name" --mass "$mass" --flows "$f" \
      -q -o "$o" "$@" || bad "$tag: run $o failed"
  }
  dl "$T/$tag.ref.gpkg" "$units" "$flows"
  attrs "$T/$tag.ref.gpkg" >"$T/$tag.ref.csv"
  [ "$(wc -l <"$T/$tag.ref.csv")" -gt 100 ] || bad "$tag: reference output is too small"
  # repeated run, on one thread (the reference used one per core)
  dl "$T/$tag.again.gpkg" "$units" "$flows" --threads 1
  # shuffled flow rows, header first
  head -n 1 "$flows" >"$T/$tag.shuf.csv"
  tail -n +2 "$flows" | shuf --random-source="$T/seed" >>"$T/$tag.shuf.csv"
  cmp -s "$flows" "$T/$tag.shuf.csv" && bad "$tag: shuf left the flows as they were"
  dl "$T/$tag.shuf.gpkg" "$units" "$T/$tag.shuf.csv"
  # units in reverse order, and permuted (fid * 7919 mod 1009)
  ogr2ogr -f GPKG "$T/$tag.rev_units.gpkg" "$units" -nln units \
    -sql "SELECT * FROM \"$layer\" ORDER BY fid DESC"
  dl "$T/$tag.rev.gpkg" "$T/$tag.rev_units.gpkg" "$flows"
  ogr2ogr -f GPKG "$T/$tag.perm_units.gpkg" "$units" -nln units \
    -sql "SELECT * FROM \"$layer\" ORDER BY (fid * 7919) % 1009"
  dl "$T/$tag.perm.gpkg" "$T/$tag.perm_units.gpkg" "$T/$tag.shuf.csv"
  for v in again shuf rev perm; do
    attrs "$T/$tag.$v.gpkg" >"$T/$tag.$v.csv"
    if ! cmp -s "$T/$tag.ref.csv" "$T/$tag.$v.csv"; then
      bad "$tag: $v differs from the reference:"
      diff "$T/$tag.ref.csv" "$T/$tag.$v.csv" | head -5 >&2
    fi
  done
}
check kr "$RN_DATA/kr/KR_SiGun.gpkg" KR_SiGun SiGun_CD SiGun_NM population \
  "$RN_DATA/kr/OD_SiGun_long.csv" "11;21+26;22;24;25+29"
check it "$RN_DATA/it/shpSardinia.gpkg" shpSardinia PRO_COM NOME_COM POP2001 \
  "$RN_DATA/it/Sardinia_flows.csv" ""
if [ "$fails" -ne 0 ]; then
  echo "$fails determinism check(s) failed" >&2
  exit 1
fi
echo "identical partitions and statistics across orders and runs"
