#!/bin/sh
# Outputs that could destroy or mix data, and runs that could not be
# bounded (README "Reliability"): an output resolving to an input (by path,
# hard link, a Shapefile's sibling, the sidecar) is refused even with
# --overwrite; a target folder that is missing, a target that is a directory,
# the same path given twice, are refused before any work; a second run
# writing the same output fails at once and leaves the first's data and
# sidecar together; a failed sweep leaves no CSV; a FIFO input, a tolerance
# out of scale and a generator size beyond memory are refused at once; a
# single unit runs (qsort of nothing).
set -u
: "${RN:?}" "${RN_TMP:?}" "${RN_TESTS:?}" "${RN_DATA:?}"
B=$RN_TESTS/bad_input
T=$RN_TMP
rm -rf "$T" && mkdir -p "$T/in" "$T/o"
fails=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fails=$((fails + 1)); }
# refused NAME CODE PATTERN CMD...: exit CODE, stderr matches, no work done
# (the flow reader's report never appears), nothing new in $T/o
refused() {
  name=$1 code=$2 pat=$3
  shift 3
  # dl ARGS: delineate on the small inputs (a function cannot run under timeout)
  [ "$1" != dl ] || { shift; set -- "$RN" delineate --units "$U" --id code --name name --mass pop --flows "$F" "$@"; }
  timeout 60 "$@" >"$T/out" 2>"$T/err"
  rc=$?
  if [ $rc -ne "$code" ]; then
    bad "$name: exit $rc, want $code ($(cat "$T/err"))"
  elif ! grep -Eq -- "$pat" "$T/err"; then
    bad "$name: stderr lacks /$pat/: $(cat "$T/err")"
  elif grep -q "origin column" "$T/err"; then
    bad "$name: refused only after reading the inputs"
  else
    ok "$name ($(head -c 100 "$T/err"))"
  fi
  left=$(ls -A "$T/o")
  [ -z "$left" ] || { bad "$name: left in the output folder: $left"; rm -rf "$T/o" && mkdir "$T/o"; }
}
cp "$B/units.geojson" "$B/flows.csv" "$T/in/"
U=$T/in/units.geojson F=$T/in/flows.csv
dl() { "$RN" delineate --units "$U" --id code --name name --mass pop --flows "$F" "$@"; }
sum_in() { cat "$T/in/"* 2>/dev/null | md5sum; }
before=$(sum_in)

# ------------------------------------------------------ an input as output
refused "flows as -o, --overwrite" 4 "would replace the input .*flows.csv" \
  dl -o "$F" -f GPKG --overwrite
refused "flows as -o by another path" 4 "would replace the input" \
  dl -o "$T/in/../in/./flows.csv" -f GPKG --overwrite
ln "$F" "$T/in/hard.csv"
refused "a hard link to the flows as -o" 4 "would replace the input" \
  dl -o "$T/in/hard.csv" -f GPKG --overwrite
rm "$T/in/hard.csv"
printf '{"preset": "krihs"}' >"$T/in/p.gpkg.json"
before=$(sum_in)
refused "the sidecar would be --params" 4 "p.gpkg.json would replace the input" \
  dl --params "$T/in/p.gpkg.json" -o "$T/in/p.gpkg" --overwrite
ogr2ogr -f "ESRI Shapefile" "$T/in/r_units.shp" "$U" 2>/dev/null
before=$(sum_in)
refused "a Shapefile output over the Shapefile units" 4 "r_units.shp would replace the input" \
  "$RN" delineate --units "$T/in/r_units.shp" --id code --mass pop --flows "$F" -q \
  -o "$T/in/r.shp" --overwrite
[ "$(sum_in)" = "$before" ] && ok "inputs unchanged" || bad "an input changed"

# ------------------------------------------------------- targets checked first
refused "missing output folder, named" 2 "output folder $T/o/nope does not exist" \
  dl -o "$T/o/nope/x.gpkg"
# a directory where a file goes: the directory is all that stays
for d in d.gpkg x.gpkg.json; do
  mkdir -p "$T/d/$d"
  dl -o "$T/d/${d%.json}" --overwrite 2>"$T/err"
  rc=$?
  left=$(ls -A "$T/d" | tr '\n' ' ')
  [ $rc -eq 2 ] && grep -q "$d is a directory" "$T/err" && ! grep -q "origin column" "$T/err" &&
    [ "$left" = "$d " ] && ok "$d is a directory: refused before any work" ||
    bad "$d is a directory: exit $rc, left '$left', $(cat "$T/err")"
  rm -rf "$T/d"
done
refused "generate: one path for both outputs" 4 "two outputs" \
  "$RN" generate --units 100 --flows 1000 --units-out "$T/o/x" --flows-out "$T/o/./x"
refused "generate: a size beyond memory" 3 "need about [0-9]+ GB of memory" \
  "$RN" generate --units 1e8 --flows 1e13 --units-out "$T/o/u.gpkg" --flows-out "$T/o/f.csv"
refused "generate: 1e9 units" 4 "more than the 10\^8 supported" \
  "$RN" generate --units 1e9 --units-out "$T/o/u.gpkg" --flows-out "$T/o/f.csv"
refused "--snap out of scale" 4 "more than half the width of a typical unit" \
  "$RN" inspect --units "$RN_DATA/kr/KR_SiGun.gpkg" --id SiGun_CD --flows "$RN_DATA/kr/OD_SiGun_long.csv" --snap 1e7

# --------------------------------------------- what is not a regular file
mkfifo "$T/in/fifo.csv"
refused "FIFO as --flows" 2 "--flows: .*fifo.csv is a FIFO" dl -o "$T/o/x.gpkg" --flows "$T/in/fifo.csv"
refused "FIFO as --units" 2 "--units: .*fifo.csv is a FIFO" \
  "$RN" inspect --units "$T/in/fifo.csv" --id code --flows "$F"
refused "device as --params" 2 "--params: /dev/zero is a device" dl -o "$T/o/x.gpkg" --params /dev/zero
rm "$T/in/fifo.csv"

# ------------------------------------------------------ a single unit
ogr2ogr -f GeoJSON "$T/in/one.geojson" "$U" -where "code = '11'" 2>/dev/null
printf 'origin,destination,flow\n11,11,5\n' >"$T/in/one.csv"
"$RN" delineate --units "$T/in/one.geojson" --id code --mass pop --flows "$T/in/one.csv" -q \
  -o "$T/o/one.gpkg" 2>"$T/err" && [ "$(ogrinfo -ro -so "$T/o/one.gpkg" life | sed -n 's/^Feature Count: //p')" = 1 ] &&
  ok "a single unit: one life zone" || bad "a single unit: $(cat "$T/err")"
rm -f "$T/o/"*

# ------------------------------------------- two runs writing one output
D=$RN_DATA/it
sard() {
  "$RN" delineate --units "$D/shpSardinia.gpkg" --id PRO_COM --name NOME_COM --mass POP2001 \
    --flows "$D/Sardinia_flows.csv" -q "$@"
}
sard -o "$T/o/c.gpkg" --thresholds 0.05,0.1,0.2 &
pid=$!
i=0
while [ $i -lt 3000 ] && [ ! -e "$T/o/.c.gpkg.lock" ]; do sleep 0.01; i=$((i + 1)); done
sard -o "$T/o/c.gpkg" --overwrite --thresholds 0.06,0.1,0.2 2>"$T/err"
rc=$?
wait $pid
rc1=$?
[ $rc -eq 2 ] && grep -q "another run is writing .*c.gpkg" "$T/err" &&
  ok "second run on one output refused ($(head -c 90 "$T/err"))" || bad "second run: exit $rc, $(cat "$T/err")"
[ $rc1 -eq 0 ] && ok "first run completed" || bad "first run: exit $rc1"
# data and sidecar from the same run: the metadata's run_at and thresholds are the sidecar's
meta=$(ogrinfo -ro -mdd REGIONET -so "$T/o/c.gpkg" units 2>/dev/null | grep -E '"run_at"|0\.05|0\.06' | tr -d ' ,' | sort | uniq)
side=$(grep -E '"run_at"|0\.05|0\.06' "$T/o/c.gpkg.json" | tr -d ' ,' | sort | uniq)
[ -n "$side" ] && [ "$meta" = "$side" ] && ok "data and sidecar of one run" || bad "data and sidecar differ: '$meta' vs '$side'"
left=$(ls -A "$T/o" | tr '\n' ' ')
[ "$left" = "c.gpkg c.gpkg.json " ] && ok "no lock or temporary left" || bad "left: $left"
rm -f "$T/o/"*

# ------------------------------------------------- a failed sweep leaves no CSV
(
  trap '' XFSZ
  ulimit -f 100
  "$RN" sweep --units "$D/shpSardinia.gpkg" --id PRO_COM --mass POP2001 --flows "$D/Sardinia_flows.csv" \
    --thresholds 0.05,0.1 --csv "$T/o/s.csv" -o "$T/o/s.gpkg" -q
) >/dev/null 2>"$T/err"
rc=$?
left=$(ls -A "$T/o" | tr '\n' ' ')
[ $rc -eq 2 ] && [ -z "$left" ] && ok "sweep failing in its GeoPackage: no CSV, nothing left" ||
  bad "sweep failing: exit $rc, left '$left' ($(tail -1 "$T/err"))"
"$RN" sweep --units "$D/shpSardinia.gpkg" --id PRO_COM --mass POP2001 --flows "$D/Sardinia_flows.csv" \
  --thresholds 0.05,0.1 --csv "$T/o/s.csv" -q >/dev/null 2>"$T/err" && [ -s "$T/o/s.csv" ] &&
  ok "sweep --csv" || bad "sweep --csv: $(cat "$T/err")"
"$RN" sweep --units "$D/shpSardinia.gpkg" --id PRO_COM --mass POP2001 --flows "$D/Sardinia_flows.csv" \
  --thresholds 0.05,0.1 --csv "$T/o/s.csv" -q >/dev/null 2>"$T/err"
[ $? -eq 6 ] && ok "sweep --csv: an existing CSV needs --overwrite" || bad "sweep replaced its CSV: $(cat "$T/err")"

echo "$fails failure(s)"
[ "$fails" -eq 0 ]
