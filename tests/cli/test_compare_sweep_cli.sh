#!/bin/sh
# The CLI of `compare` and `sweep`: the spec FILE[:LAYER]:FIELD (a ':' in the
# file name, a GeoPackage layer), JSON, units on one side only, duplicate
# codes; a sweep's default rows have ARI 1 and its units layer holds the
# default partition, identical to delineate's.
set -eu
: "${RN:?}" "${RN_DATA:?}" "${RN_TMP:?}"
rm -rf "$RN_TMP"; mkdir -p "$RN_TMP"; cd "$RN_TMP"
fail() { echo "FAIL: $*" >&2; exit 1; }

printf 'code,r\n1,x\n2,x\n3,y\n4,y\n5,\n6,z\n' > a.csv
printf 'code,r\n1,p\n2,q\n3,q\n4,q\n5,w\n7,q\n' > 'b:odd.csv'
"$RN" compare a.csv:r 'b:odd.csv:r' --json > cmp.json
# common units 1..5; A {1,2}{3,4}{5 alone}; B {1}{2,3,4}{5}: ARI = (1-0.6)/(2.5-0.6) = 4/19
grep -q '"adjusted_rand": 0.2105263158' cmp.json || fail "ARI: $(cat cmp.json)"
grep -q '"units_common": 5' cmp.json || fail "common units"
tr -d ' \n' < cmp.json | grep -q '"only_here":\["6"\]' || fail "unit 6 only in A"
tr -d ' \n' < cmp.json | grep -q '"only_here":\["7"\]' || fail "unit 7 only in B"
"$RN" compare a.csv:r 'b:odd.csv:r' > cmp.txt
grep -q 'x (2 units) -> p 1, q 1' cmp.txt || fail "split table: $(cat cmp.txt)"
grep -q 'q (3 units) <- x 1, y 2' cmp.txt || fail "merge table"
grep -q 'units only in A (1): 6' cmp.txt || fail "listing"
printf 'code,r\n1,x\n1,y\n2,x\n' > dup.csv
if "$RN" compare dup.csv:r a.csv:r 2> dup.err; then fail "duplicates accepted"; fi
grep -q "duplicate unit code: '1'" dup.err || fail "duplicate message: $(cat dup.err)"

KR="--units $RN_DATA/kr/KR_SiGun.gpkg --id SiGun_CD --name SiGun_NM --mass population --flows $RN_DATA/kr/OD_SiGun_long.csv"
CORES="11;21+26;22;24;25+29"
# shellcheck disable=SC2086
"$RN" delineate $KR --cores "$CORES" -o kr.gpkg -q 2>/dev/null
# shellcheck disable=SC2086
"$RN" sweep $KR --cores "$CORES" --thresholds 0.03:0.21:0.01 --level life=0.15,0.2,0.25 \
  --csv sweep.csv -o sweep.gpkg -q 2>/dev/null
[ "$(wc -l < sweep.csv)" -eq $((1 + 19 + 19 + 3)) ] || fail "rows: $(wc -l < sweep.csv)"
grep -q '^metro,0.05,5,.*,1,1$' sweep.csv || fail "metro at 0.05 not ARI 1: $(grep metro,0.05 sweep.csv)"
grep -q '^urban,0.1,.*,1,1$' sweep.csv || fail "urban at 0.10 not ARI 1"
grep -q '^life,0.2,.*,1,1$' sweep.csv || fail "life at 0.20 not ARI 1"
for l in metro urban life; do
  "$RN" compare --id code kr.gpkg:units:${l}_id sweep.gpkg:units:${l}_id --json > c_$l.json
  grep -q '"adjusted_rand": 1' c_$l.json || fail "$l: sweep default differs from delineate"
  grep -q '"vi": 0' c_$l.json || fail "$l: VI"
done
"$RN" compare sweep.gpkg:units:life_stability sweep.gpkg:units:life_stability > /dev/null \
  || fail "stability field missing"
# the sweep's units carry the mass the run used, as delineate's do
[ "$(sqlite3 sweep.gpkg "select count(*) from units u join k.units v using (code) where u.mass = v.mass" \
  -cmd "attach 'kr.gpkg' as k")" = 159 ] || fail "sweep units.mass differs from delineate's"
echo ok
