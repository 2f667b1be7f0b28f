#!/bin/sh
# The CLI of `bootstrap` and `compare -o`. Bootstrap on Korea: its layers and
# fields, the provenance's seed and sampling model, the summary, the same
# result with 1 and 2 threads, an existing output refused. compare -o on two
# hand-made partitions of six squares with every change class, and with a
# confidence file marking the uncertain ones; the lineage table.
set -eu
: "${RN:?}" "${RN_DATA:?}" "${RN_TMP:?}"
rm -rf "$RN_TMP"; mkdir -p "$RN_TMP"; cd "$RN_TMP"
fail() { echo "FAIL: $*" >&2; exit 1; }

KR="--units $RN_DATA/kr/KR_SiGun.gpkg --id SiGun_CD --name SiGun_NM --mass population --flows $RN_DATA/kr/OD_SiGun_long.csv --cores 11;21+26;22;24;25+29"
# shellcheck disable=SC2086
"$RN" bootstrap $KR --replicates 24 --seed 7 --sample-fraction 0.01 --threads 2 -o b2.gpkg > b2.txt 2>/dev/null
# shellcheck disable=SC2086
"$RN" bootstrap $KR --replicates 24 --seed 7 --sample-fraction 0.01 --threads 1 -o b1.gpkg -q 2>/dev/null
grep -q '^24 replicates (multinomial sampling, sample fraction 0.01, seed 7)' b2.txt || fail "summary: $(head -3 b2.txt)"
grep -q '^metro: 5 regions; units with confidence below 0.5: [0-9]*, below 0.9: [0-9]*, below 0.99: [0-9]* (of 159)' b2.txt ||
  fail "per-level counts: $(cat b2.txt)"
for l in units boundaries regions layer_styles; do
  ogrinfo -ro -q b2.gpkg "$l" > /dev/null 2>&1 || fail "no layer $l"
done
ogrinfo -ro -so b2.gpkg units | grep -q 'life_margin: Real' || fail "units fields"
ogrinfo -ro -so b2.gpkg boundaries | grep -q 'metro_strength: Real' || fail "boundaries fields"
[ "$(ogrinfo -ro -q b2.gpkg -sql "select count(*) from boundaries where geom is null" | grep -c '= 0$')" = 1 ] ||
  fail "a boundary without a line"
# every unit of a region has confidence 1 or less, and the confidence of a
# core of a designated region is 1 (designated cores are cores in every replicate)
v=$(ogrinfo -ro -q b2.gpkg -sql "select metro_confidence from units where code = '11'" | sed -n 's/.*= //p')
[ "$v" = 1 ] || fail "Seoul's metro confidence $v"
v=$(ogrinfo -ro -q b2.gpkg -sql "select core_share from regions where level = 'metro' and region_id = '11'" | sed -n 's/.*= //p')
[ "$v" = 1 ] || fail "Seoul's core share $v"
grep -q '"seed": 7' b2.gpkg.json && grep -q '"sampling": "multinomial"' b2.gpkg.json &&
  grep -q '"sample_fraction": 0.01' b2.gpkg.json || fail "provenance: $(grep -A8 bootstrap b2.gpkg.json)"
for l in units boundaries regions; do
  ogr2ogr -f CSV /vsistdout/ b1.gpkg "$l" > "b1_$l.csv"
  ogr2ogr -f CSV /vsistdout/ b2.gpkg "$l" > "b2_$l.csv"
  cmp -s "b1_$l.csv" "b2_$l.csv" || fail "$l differs between 1 and 2 threads"
done
# shellcheck disable=SC2086
if "$RN" bootstrap $KR --replicates 2 -o b2.gpkg -q 2>exists.err; then fail "overwrote b2.gpkg"; fi
grep -q 'exists' exists.err || fail "message: $(cat exists.err)"
# shellcheck disable=SC2086
if "$RN" bootstrap $KR --sampling binomial -o x.gpkg -q 2>bad.err; then fail "bad sampling accepted"; fi
grep -q "sampling: 'binomial'" bad.err || fail "message: $(cat bad.err)"
for bad in "--replicates 0" "--sample-fraction 1.5" "--sample-fraction 0" "--seed -3"; do
  # shellcheck disable=SC2086
  if "$RN" bootstrap $KR $bad -o x.gpkg -q 2>bad.err; then fail "$bad accepted"; fi
  grep -q -e "${bad%% *}" bad.err || fail "$bad: message $(cat bad.err)"
done
# shellcheck disable=SC2086
if "$RN" bootstrap $KR -q 2>bad.err; then fail "no -o accepted"; fi
grep -q 'give an output file' bad.err || fail "no -o: $(cat bad.err)"
[ ! -e x.gpkg ] || fail "output after an error"

# Six unit squares 1..6 in a row; A and B by hand, one unit of each class:
# 1 same (x -> x), 2 moved (x -> y), 3 joined (none -> y), 4 left (y -> none),
# 5 same in none, 6 moved (y -> x), the last with confidence 0.95 (a sure
# move), 2 with 0.6 (within the noise).
{
  echo '{"type":"FeatureCollection","features":['
  for k in 1 2 3 4 5 6; do
    a=$(echo "x x - y - y" | cut -d' ' -f$k)
    [ "$a" = - ] && a=null || a="\"$a\""
    sep=","; [ $k = 6 ] && sep=""
    echo "{\"type\":\"Feature\",\"properties\":{\"code\":\"$k\",\"r\":$a},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[$k,0],[$((k+1)),0],[$((k+1)),1],[$k,1],[$k,0]]]}}$sep"
  done
  echo ']}'
} > a.geojson
printf 'code,r\n1,x\n2,y\n3,y\n4,\n5,\n6,x\n' > b.csv
printf 'code,conf\n1,1\n2,0.6\n3,0.99\n4,0.97\n5,1\n6,0.95\n' > conf.csv
"$RN" compare a.geojson:r b.csv:r -o chg.gpkg > chg.txt
grep -q 'changes: same 2, moved 2, joined 1, left 1' chg.txt || fail "counts: $(cat chg.txt)"
got=$(ogrinfo -ro -q chg.gpkg -sql "select code || ':' || change from units order by code" | sed -n 's/.*= //p' | tr '\n' ' ')
[ "$got" = "1:same 2:moved 3:joined 4:left 5:same 6:moved " ] || fail "classes: $got"
"$RN" compare a.geojson:r b.csv:r -o chg2.gpkg --confidence conf.csv:conf > chg2.txt
got=$(ogrinfo -ro -q chg2.gpkg -sql "select code || ':' || change from units order by code" | sed -n 's/.*= //p' | tr '\n' ' ')
[ "$got" = "1:same 2:moved (uncertain) 3:joined 4:left 5:same 6:moved " ] || fail "with confidence: $got"
grep -q '(1 of the changes within A' chg2.txt || fail "uncertain count: $(cat chg2.txt)"
# lineage: x (2 units) -> x 1, y 1; y (2 units) -> x 1, (none) 1; (none) (2) -> y 1, (none) 1
got=$(ogrinfo -ro -q chg.gpkg -sql "select coalesce(region_a,'-') || units_a || '>' || coalesce(region_b,'-') || units from lineage order by region_a, region_b" | sed -n 's/.*= //p' | tr '\n' ' ')
[ "$got" = "-2>-1 -2>y1 x2>x1 x2>y1 y2>-1 y2>x1 " ] || fail "lineage: $got"
ogrinfo -ro -q chg.gpkg -sql "select count(*) from units where geom is not null" | grep -q '= 6' || fail "geometry"
ogrinfo -ro -q chg.gpkg -sql "select styleQML from layer_styles" | grep -q 'moved (uncertain)' || fail "style"
[ -s chg.gpkg.json ] || fail "no provenance sidecar"
# a regionet output: names from the level layers; metro against urban of one
# run (urban takes only units metro left): metro's units left, urban's
# joined, those in neither the same (counted here from the run's units); with the bootstrap's metro confidence,
# the uncertain ones are the changed units (metro members that left, units
# in no metro area that joined urban) whose metro confidence is below 0.9
# shellcheck disable=SC2086
"$RN" delineate $KR -o kr.gpkg -q 2>/dev/null
"$RN" compare kr.gpkg:units:metro_id kr.gpkg:units:urban_id -o kr_chg.gpkg --confidence b2.gpkg > kr_chg.txt
n_left=$(ogrinfo -ro -q kr.gpkg -sql "select count(*) from units where metro_id is not null" | sed -n 's/.*= //p')
n_joined=$(ogrinfo -ro -q kr.gpkg -sql "select count(*) from units where urban_id is not null" | sed -n 's/.*= //p')
n_same=$(ogrinfo -ro -q kr.gpkg -sql "select count(*) from units where metro_id is null and urban_id is null" | sed -n 's/.*= //p')
grep -q "changes: same $n_same, moved 0, joined $n_joined, left $n_left" kr_chg.txt || fail "Korea: $(cat kr_chg.txt)"
v=$(ogrinfo -ro -q kr_chg.gpkg -sql "select name_a || '|' || change from units where code = '23'" | sed -n 's/.*= //p')
[ "$v" = "Seoul|left" ] || fail "Incheon: $v"
v=$(ogrinfo -ro -q kr_chg.gpkg -sql "select name_b || '|' || change from units where code = '31010'" | sed -n 's/.*= //p')
[ "$v" = "Suwon|joined" ] || fail "Suwon: $v"
low=$(ogrinfo -ro -q b2.gpkg -sql "select count(*) from units where (metro_id is not null or urban_id is not null) and metro_confidence < 0.9" | sed -n 's/.*= //p')
grep -q "($low of the changes within A" kr_chg.txt || fail "uncertain: $low expected, $(cat kr_chg.txt)"
# no geometry on either side: refused, nothing written
printf 'code,r\n1,x\n2,y\n' > c.csv
if "$RN" compare c.csv:r b.csv:r -o none.gpkg 2>none.err >/dev/null; then fail "-o without geometry"; fi
grep -q 'has unit geometry' none.err || fail "message: $(cat none.err)"
if "$RN" compare a.geojson:r b.csv:r --confidence conf.csv:conf 2>none.err >/dev/null; then fail "--confidence without -o"; fi
grep -q 'goes with -o' none.err || fail "message: $(cat none.err)"
printf 'code,conf\n2,high\n' > badconf.csv
if "$RN" compare a.geojson:r b.csv:r -o bc.gpkg --confidence badconf.csv:conf 2>none.err >/dev/null; then fail "bad confidence"; fi
grep -q "unit 2: confidence 'high'" none.err || fail "message: $(cat none.err)"
[ ! -e bc.gpkg ] || fail "output after a bad confidence"
[ ! -e none.gpkg ] || fail "output written"
echo ok
