#!/bin/sh
# `regionet delineate --method NAME` end to end on Korea's si/gun, once per
# method of algorithms/README.md (except ttwa): the run succeeds, the output has the
# units layer with NAME_id and NAME_role and a region layer named NAME (cbsa:
# csa too), and a fixed seed gives the same file contents twice (leiden).
# cbsa needs central units: a copy of the boundaries gets a field `central`
# (1 on Seoul, Busan, Daegu, Incheon, Gwangju, Daejeon, Ulsan, Sejong).
set -eu
: "${RN:?}" "${RN_DATA:?}" "${RN_TMP:?}"
mkdir -p "$RN_TMP"
fail=0
units="$RN_DATA/kr/KR_SiGun.gpkg"
common="--id SiGun_CD --name SiGun_NM --mass population --flows $RN_DATA/kr/OD_SiGun_long.csv --overwrite -q"

ogr2ogr -f GPKG -overwrite "$RN_TMP/kr_central.gpkg" "$units" -nln KR_SiGun -dialect SQLite \
  -sql "SELECT *, CASE WHEN SiGun_CD IN ('11','21','22','23','24','25','26','29') THEN 1 ELSE 0 END AS central FROM KR_SiGun"

check() { # method, extra options
  m=$1
  shift
  out="$RN_TMP/$m.gpkg"
  src=$units
  [ "$m" = cbsa ] && src="$RN_TMP/kr_central.gpkg"
  # shellcheck disable=SC2086
  if ! "$RN" delineate --method "$m" --units "$src" $common -o "$out" "$@"; then
    echo "FAIL: $m: delineate failed"
    fail=1
    return
  fi
  layers=$(ogrinfo -q "$out" | sed 's/^[0-9]*: //; s/ (.*//')
  for l in units "$m"; do
    echo "$layers" | grep -qx "$l" || { echo "FAIL: $m: no layer $l in $out"; fail=1; }
  done
  fields=$(ogrinfo -so "$out" units)
  for f in "${m}_id" "${m}_role"; do
    echo "$fields" | grep -q "^$f:" || { echo "FAIL: $m: units layer lacks $f"; fail=1; }
  done
  n=$(ogrinfo -q -sql "SELECT COUNT(*) AS n FROM \"$m\"" "$out" | sed -n 's/.*n (Integer[0-9]*) = //p')
  [ "${n:-0}" -gt 0 ] || { echo "FAIL: $m: region layer is empty"; fail=1; }
  echo "ok: $m ($n regions)"
}

check dominant
check intramax --regions 25
check leiden --seed 1
check louvain --seed 1 --resolution 1.5
check infomap --seed 1
check fua
check cbsa --central-field central

# cbsa's combined areas are a second layer
ogrinfo -q "$RN_TMP/cbsa.gpkg" | grep -q "csa" || { echo "FAIL: cbsa: no csa layer"; fail=1; }

# fixed seed: the same regions twice
"$RN" delineate --method leiden --seed 3 --units "$units" $common -o "$RN_TMP/l1.gpkg"
"$RN" delineate --method leiden --seed 3 --units "$units" $common -o "$RN_TMP/l2.gpkg"
a=$(ogrinfo -q -sql "SELECT code, leiden_id FROM units ORDER BY code" "$RN_TMP/l1.gpkg" | grep "=")
b=$(ogrinfo -q -sql "SELECT code, leiden_id FROM units ORDER BY code" "$RN_TMP/l2.gpkg" | grep "=")
[ -n "$a" ] && [ "$a" = "$b" ] || { echo "FAIL: leiden --seed 3 twice differs"; fail=1; }

# an option of another method is refused
if "$RN" delineate --method leiden --regions 5 --units "$units" $common -o "$RN_TMP/bad.gpkg" 2>/dev/null; then
  echo "FAIL: leiden accepted --regions"
  fail=1
fi
exit $fail
