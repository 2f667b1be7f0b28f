#!/bin/sh
# Units as planners have them: none at all (the codes of the flows), a table
# without geometry (CSV, XLSX: code, name, mass), or cells of the European
# grid made from their codes. Istat's Sardinia flows with ttwa (a method
# needing no neighbours) give the same partition with the municipal
# boundaries, without them, and from a table; outputs without geometry are
# attribute tables. SardiniaGrid runs from its codes alone, with polygons.
set -u
: "${RN:?}" "${RN_DATA:?}" "${RN_TMP:?}" "${RN_TESTS:?}"
rm -rf "$RN_TMP"; mkdir -p "$RN_TMP/o"
T=$RN_TMP it=$RN_DATA/it
fails=0
bad() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
ok() { echo "ok   $*"; }
# fails NAME CODE PATTERN ARGS...: exit CODE, stderr matches, nothing written
fails() {
  name=$1 code=$2 pat=$3
  shift 3
  "$RN" "$@" >"$T/stdout" 2>"$T/stderr"
  rc=$?
  [ "$rc" -eq "$code" ] || bad "$name: exit status $rc, want $code ($(cat "$T/stderr"))"
  LC_ALL=C grep -Eq -- "$pat" "$T/stderr" && ok "$name" || bad "$name: stderr lacks /$pat/: $(cat "$T/stderr")"
  [ -z "$(ls -A "$T/o")" ] || { bad "$name: left behind: $(ls -A "$T/o")"; rm -f "$T/o/"*; }
}
part() { sqlite3 "$1" "SELECT code, ttwa_id, printf('%.9f', ttwa_share) FROM units ORDER BY code"; }
ttwa() { out=$1; shift; "$RN" delineate --flows "$it/Sardinia_flows.csv" --method ttwa -o "$out" -q "$@" 2>"$T/err" ||
  bad "ttwa $*: $(cat "$T/err")"; }

# --- Sardinia: boundaries, nothing, a CSV table, an XLSX table
ttwa "$T/geo.gpkg" --units "$it/shpSardinia.gpkg" --id PRO_COM --name NOME_COM
ref=$(part "$T/geo.gpkg")
[ "$(printf '%s\n' "$ref" | wc -l)" -eq 377 ] || bad "reference: $(printf '%s\n' "$ref" | wc -l) units, want 377"
ttwa "$T/none.gpkg"
[ "$(part "$T/none.gpkg")" = "$ref" ] && ok "no --units: same partition" || bad "no --units: another partition"
ogrinfo "$T/none.gpkg" 2>/dev/null | grep -q "^1: units (None)" && ok "no --units: units is an attribute table" ||
  bad "no --units: units layer has a geometry: $(ogrinfo "$T/none.gpkg" | grep '^[0-9]')"
ogrinfo "$T/none.gpkg" 2>/dev/null | grep -q "^2: ttwa (None)" && ok "no --units: regions are a table" ||
  bad "no --units: ttwa layer: $(ogrinfo "$T/none.gpkg" | grep '^[0-9]')"
# or CSV tables (-f CSV): one file per layer
mkdir -p "$T/csv"
"$RN" delineate --flows "$it/Sardinia_flows.csv" --method ttwa -f CSV -o "$T/csv/s.csv" -q 2>"$T/err" ||
  bad "no --units, -f CSV: $(cat "$T/err")"
[ "$(tail -n +2 "$T/csv/s_units.csv" | wc -l)" -eq 377 ] && head -1 "$T/csv/s_units.csv" | grep -q "^code,name,mass,ttwa_id" &&
  ok "no --units, -f CSV: units table" || bad "no --units, -f CSV: $(ls "$T/csv"; head -2 "$T/csv/s_units.csv")"
# the table: codes as text (leading zeros would stay), names, population
ogr2ogr -f CSV "$T/units.csv" "$it/shpSardinia.gpkg" -select PRO_COM,NOME_COM,POP2001
ogr2ogr -f XLSX "$T/units.xlsx" "$T/units.csv" -oo AUTODETECT_TYPE=NO -nln units
for f in units.csv units.xlsx; do
  ttwa "$T/$f.gpkg" --units "$T/$f" --id PRO_COM --name NOME_COM --mass POP2001
  [ "$(part "$T/$f.gpkg")" = "$ref" ] && ok "$f table: same partition" || bad "$f table: another partition"
  [ "$(sqlite3 "$T/$f.gpkg" "SELECT name FROM units WHERE code = '92009'")" = CAGLIARI ] &&
    ok "$f table: names kept" || bad "$f table: name of 92009"
done

# --- without geometry: contiguity cannot be enforced; a table's numbers are checked
fails "no geometry, --contiguity enforce" 4 "units without geometry have no neighbours.*give --contiguity ignore" \
  delineate --flows "$it/Sardinia_flows.csv" -o "$T/o/x.gpkg" --contiguity enforce
printf 'code,name,pop\n11,Alpha,1000\n21,Beta,lots\n' >"$T/bad_units.csv"
fails "table: mass not a number" 1 "bad_units.csv:3: unit '21': field 'pop' \(mass\): 'lots'" \
  delineate --units "$T/bad_units.csv" --id code --mass pop --flows "$RN_TESTS/bad_input/flows.csv" \
  -o "$T/o/x.gpkg" --method ttwa
fails "table: no such field" 4 "units.csv: no field 'nope'; fields: 'PRO_COM'" \
  delineate --units "$T/units.csv" --id nope --flows "$it/Sardinia_flows.csv" -o "$T/o/x.gpkg"
fails "--units grid, codes not of the grid" 1 \
  "Sardinia_flows.csv: code '9[0-9]+' is not a cell of the European grid" \
  delineate --units grid --flows "$it/Sardinia_flows.csv" -o "$T/o/x.gpkg" --method ttwa

# --- SardiniaGrid from its codes: cells in EPSG:3035
g=$it/SardiniaGrid_flows.csv
"$RN" delineate --flows "$g" --method ttwa -o "$T/grid.gpkg" >"$T/grid.txt" 2>"$T/err" ||
  bad "SardiniaGrid ttwa: $(cat "$T/err")"
grep -q "3566 units from the codes of the flows, as cells of the European grid" "$T/err" &&
  ok "grid codes detected" || bad "grid codes not detected: $(head -2 "$T/err")"
[ "$(sqlite3 "$T/grid.gpkg" "SELECT srs_id FROM gpkg_geometry_columns WHERE table_name = 'units'")" = 3035 ] &&
  ok "grid: EPSG:3035" || bad "grid: CRS"
# the extent the codes imply (lower-left corners in km, cells of 1 km), by awk
want=$(awk -F, 'NR > 1 { for (k = 1; k <= 2; k++) { n = substr($k, 5, 4) * 1000; e = substr($k, 10, 4) * 1000
    if (!c++ || e < x0) x0 = e; if (c == 1 || n < y0) y0 = n; if (c == 1 || e > x1) x1 = e; if (c == 1 || n > y1) y1 = n } }
  END { printf "%d %d %d %d", x0, y0, x1 + 1000, y1 + 1000 }' "$g")
got=$(sqlite3 "$T/grid.gpkg" "SELECT CAST(min_x AS INT) || ' ' || CAST(min_y AS INT) || ' ' || CAST(max_x AS INT) || ' ' || CAST(max_y AS INT) FROM gpkg_contents WHERE table_name = 'units'")
[ "$got" = "$want" ] && ok "grid extent $got" || bad "grid extent '$got', want '$want'"
# one cell: the 1 km square whose lower-left corner its code names
cell=$(ogrinfo -q "$T/grid.gpkg" units -where "code = '1kmN1756E4220'" 2>/dev/null | grep -o 'MULTIPOLYGON.*')
case $cell in *"4220000 1756000"*"4221000 1756000"*"4221000 1757000"*"4220000 1757000"*) ok "cell 1kmN1756E4220" ;;
  *) bad "cell 1kmN1756E4220: $cell" ;; esac
# the long form of the codes gives the same cells and partition
awk -F, -v OFS=, 'NR == 1 { print; next } { for (k = 1; k <= 2; k++)
  $k = "CRS3035RES1000mN" substr($k, 5, 4) "000E" substr($k, 10, 4) "000"; print }' "$g" >"$T/grid_long.csv"
"$RN" delineate --flows "$T/grid_long.csv" --units grid --method ttwa -o "$T/grid_long.gpkg" -q 2>"$T/err" ||
  bad "long grid codes: $(cat "$T/err")"
a=$(sqlite3 "$T/grid.gpkg" "SELECT count(DISTINCT ttwa_id), count(*) FROM units")
b=$(sqlite3 "$T/grid_long.gpkg" "SELECT count(DISTINCT ttwa_id), count(*) FROM units")
[ "$a" = "$b" ] && ok "long grid codes: same partition sizes ($a)" || bad "long grid codes: $b, want $a"

# --- US counties (2000 commuting), ttwa: the flows alone, the same flows
# ';'-separated, a table of codes and population, the boundaries: one
# partition (the files' unit sets differ only by units without flows, which
# compare leaves out: 51515, 51560, 51610 in the table; 08014, 12087 in the map)
us=$RN_DATA/us
usf=$us/flows_us_county_2000_on2017.csv
sed 's/,/;/g' "$usf" >"$T/us_eu.csv"
"$RN" delineate --flows "$usf" --method ttwa -o "$T/us_none.gpkg" -q 2>"$T/err" || bad "US no units: $(cat "$T/err")"
"$RN" delineate --flows "$T/us_eu.csv" --method ttwa -o "$T/us_eu.gpkg" -q 2>"$T/err" || bad "US ';': $(cat "$T/err")"
"$RN" delineate --units "$us/counties_2000_mass.csv" --id fips --mass population --flows "$usf" --method ttwa \
  -o "$T/us_tab.gpkg" -q 2>"$T/err" || bad "US table: $(cat "$T/err")"
"$RN" delineate --units "$us/us_counties_2000.gpkg" --id fips --mass population --flows "$usf" --method ttwa \
  --contiguity ignore -o "$T/us_geo.gpkg" -q 2>"$T/err" || bad "US boundaries: $(cat "$T/err")"
ttwa_of() { sqlite3 "$1" "SELECT code, ttwa_id FROM units ORDER BY code"; }
[ "$(ttwa_of "$T/us_none.gpkg")" = "$(ttwa_of "$T/us_eu.gpkg")" ] && ok "US: ',' = ';'" || bad "US: ';' differs"
for pair in "us_none us_tab" "us_tab us_geo"; do
  set -- $pair
  got=$("$RN" compare "$T/$1.gpkg:units:ttwa_id" "$T/$2.gpkg:units:ttwa_id" --json | jq -c '[.adjusted_rand, .units_common]')
  [ "$got" = "[1,3105]" ] && ok "US: $1 = $2 on the 3105 common units" || bad "US $1 vs $2: $got"
done

# --- a unit without geometry (unit 23 of units_empty_geom.geojson): an error
# naming the choice; drop takes its flows 23->11 (40) and 23->21 (30) away;
# island keeps it, without neighbours
B=$RN_TESTS/bad_input
edl() { echo delineate --units "$B/units_empty_geom.geojson" --id code --flows "$B/flows.csv"; }
fails "empty geometry: the choice named" 1 "unit '23' \(feature 4\) has no geometry; give --empty-geometry drop .* or island" \
  $(edl) -o "$T/o/x.gpkg"
fails "bad --empty-geometry" 4 "--empty-geometry: 'keep' is not drop or island" $(edl) -o "$T/o/x.gpkg" --empty-geometry keep
"$RN" $(edl) --empty-geometry drop -o "$T/drop.gpkg" >"$T/out.txt" 2>&1 || bad "drop: $(cat "$T/out.txt")"
grep -q "1 units dropped, with 2 flow pairs (70 in all)" "$T/out.txt" && ok "drop: counted" || bad "drop: $(cat "$T/out.txt")"
[ "$(sqlite3 "$T/drop.gpkg" "SELECT group_concat(code) FROM units")" = "11,21,22" ] && ok "drop: unit gone" ||
  bad "drop: units $(sqlite3 "$T/drop.gpkg" "SELECT group_concat(code) FROM units")"
[ "$(jq .inputs.flows.total "$T/drop.gpkg.json")" = 330 ] && ok "drop: flows 400 - 70" || bad "drop: total $(jq .inputs.flows.total "$T/drop.gpkg.json")"
"$RN" $(edl) --empty-geometry island -o "$T/island.gpkg" >"$T/out.txt" 2>&1 || bad "island: $(cat "$T/out.txt")"
[ "$(sqlite3 "$T/island.gpkg" "SELECT code || ':' || (geom IS NULL) FROM units WHERE code = '23'")" = "23:1" ] &&
  ok "island: kept without geometry" || bad "island: $(sqlite3 "$T/island.gpkg" "SELECT code, geom IS NULL FROM units")"
"$RN" inspect --units "$B/units_empty_geom.geojson" --id code --flows "$B/flows.csv" --empty-geometry island >"$T/out.txt" 2>&1
grep -q "islands      1 units without a rook neighbour: 23" "$T/out.txt" && ok "island: no neighbour" ||
  bad "island inspect: $(cat "$T/out.txt")"

# --- crosswalks (--units-map): tiny, by hand. 22 and 23 go into 21: the
# flows 22->21 (10) and 23->21 (30) become internal to 21 (diagonal 40),
# 11->22 (20) joins 11->21 (100), and 21, 22, 23 -> 11 sum to 240
"$RN" inspect --units "$B/units.geojson" --id code --units-map "$B/map_ok.csv" --flows "$B/flows.csv" \
  --json >"$T/map.json" 2>"$T/err" || bad "map_ok: $(cat "$T/err")"
got=$(jq -c '[.units.count, .flows.pairs, .flows.total, .flows.intra_total]' "$T/map.json")
[ "$got" = "[2,3,400,40]" ] && ok "crosswalk: units, pairs, total, diagonal $got" || bad "crosswalk: $got, want [2,3,400,40]"
"$RN" inspect --units "$B/units.geojson" --id code --units-map "$B/map_ok.csv" --flows "$B/flows.csv" \
  >"$T/map.txt" 2>&1
grep -q "21 *-> 11 *240.0" "$T/map.txt" && grep -q "11 *-> 21 *120.0" "$T/map.txt" && ok "crosswalk: flows summed" ||
  bad "crosswalk flows: $(cat "$T/map.txt")"
grep -q "2 pairs between units merged into one became internal (diagonal), 40 in all" "$T/map.txt" &&
  ok "crosswalk: counts reported" || bad "crosswalk report: $(cat "$T/map.txt")"
mapdl() { echo delineate --units "$B/units.geojson" --id code --flows "$B/flows.csv" -o "$T/o/x.gpkg" --units-map; }
fails "crosswalk: a cycle" 1 "map_cycle.csv:4: a cycle: '23' leads back to itself" $(mapdl) "$B/map_cycle.csv"
fails "crosswalk: unknown code" 1 "map_unknown.csv:3: unknown code '99': no unit of .*units.geojson has it" \
  $(mapdl) "$B/map_unknown.csv"
fails "crosswalk: two targets" 1 "map_two_targets.csv:4: '22' -> '11', but .*map_two_targets.csv:2 has it -> '21'" \
  $(mapdl) "$B/map_two_targets.csv"

# --- the Korean si/gun/gu boundaries (2015) through the bundled crosswalk give
# the si/gun partition of KR_SiGun.gpkg for every si/gun; the three units
# left are Jeju (39010, 39020) and Ulleung (37430), which the KTDB flows lack
kr=$RN_DATA/kr
krdl() { "$RN" delineate --flows "$kr/OD_SiGun_long.csv" --cores "11;21+26;22;24;25+29" -q "$@"; }
krdl --units "$kr/KR_SiGun.gpkg" --id SiGun_CD -o "$T/sigun.gpkg" 2>"$T/err" || bad "KR si/gun: $(cat "$T/err")"
krdl --units "$kr/adm2_sigungu_2015.gpkg" --id adm2_code --units-map "$kr/sigungu_to_sigun.csv" \
  -o "$T/sgg.gpkg" 2>"$T/err" || bad "KR si/gun/gu through the map: $(cat "$T/err")"
q="SELECT code, metro_id, urban_id, life_id, printf('%.9f', life_share) FROM units ORDER BY code"
sqlite3 "$T/sigun.gpkg" "$q" >"$T/sigun.txt"
sqlite3 "$T/sgg.gpkg" "$q" >"$T/sgg.txt"
extra=$(comm -13 "$T/sigun.txt" "$T/sgg.txt" | cut -d'|' -f1 | paste -sd' ' -)
[ "$(comm -23 "$T/sigun.txt" "$T/sgg.txt" | wc -l)" -eq 0 ] && [ "$extra" = "37430 39010 39020" ] &&
  ok "KR si/gun/gu through the map = si/gun partition (+ $extra, without flows)" ||
  bad "KR through the map differs: $(diff "$T/sigun.txt" "$T/sgg.txt" | head -5)"
# --cores by unit name (where unique, any case) gives the run by codes; the
# provenance records the codes
krdl --units "$kr/KR_SiGun.gpkg" --id SiGun_CD --name SiGun_NM -o "$T/names.gpkg" \
  --cores "Seoul;Busan+Ulsan;daegu;Gwangju;Daejeon+Sejong" 2>"$T/err" || bad "KR cores by name: $(cat "$T/err")"
[ "$(sqlite3 "$T/names.gpkg" "$q")" = "$(cat "$T/sigun.txt")" ] && ok "--cores by name = by code" ||
  bad "--cores by name: another partition"
[ "$(jq -r '.parameters.levels[0].cores' "$T/names.gpkg.json")" = "11;21+26;22;24;25+29" ] &&
  ok "--cores names recorded as codes" || bad "cores in provenance: $(jq -r '.parameters.levels[0].cores' "$T/names.gpkg.json")"
fails "--cores: another prefix hinted" 4 "designated core 'KR11' \(level metro\) is not a unit code or name \(unit '11' has the same number with another prefix" \
  delineate --units "$kr/KR_SiGun.gpkg" --id SiGun_CD --flows "$kr/OD_SiGun_long.csv" --cores KR11 -o "$T/o/x.gpkg"
# compare across files: a code field per side, region names in the tables
ogr2ogr -f CSV "$T/b.csv" "$T/names.gpkg" -sql "SELECT code AS SiGun_CD, name, life_id FROM units" 2>/dev/null
"$RN" compare --id-a code --id-b SiGun_CD --name name "$T/names.gpkg:units:metro_id" "$T/b.csv:life_id" \
  >"$T/cmp.txt" 2>&1 || bad "compare --id-a/--id-b: $(cat "$T/cmp.txt")"
grep -q "^  11 (Seoul) ([0-9]* units) -> 11 (Seoul) [0-9]*" "$T/cmp.txt" && ok "compare: names in the split table" ||
  bad "compare names: $(cat "$T/cmp.txt")"
"$RN" compare --id-a code --id-b SiGun_CD --name name "$T/names.gpkg:units:metro_id" "$T/b.csv:life_id" --json >"$T/cmp.json"
[ "$(jq -r '.split[] | select(.region == "11") | .name' "$T/cmp.json")" = Seoul ] && ok "compare --json: names" ||
  bad "compare --json names: $(head -c 300 "$T/cmp.json")"
fails "compare: one --id for two files" 4 "b.csv: no field 'code'" compare "$T/names.gpkg:units:metro_id" "$T/b.csv:life_id"
# one spelling of each index in every JSON output: compare and sweep say adjusted_rand
"$RN" sweep --units "$RN_TESTS/bad_input/units.geojson" --id code --flows "$RN_TESTS/bad_input/flows.csv" \
  --json >"$T/sweep.json" 2>/dev/null
jq -e '.rows[0] | has("adjusted_rand") and (has("ari") | not)' "$T/sweep.json" >/dev/null &&
  jq -e 'has("adjusted_rand")' "$T/cmp.json" >/dev/null && ok "adjusted_rand in compare and sweep JSON" ||
  bad "index spelling: $(head -c 300 "$T/sweep.json")"
got=$(jq -c '.inputs.units_map | [.units_before, .units_after, .merged]' "$T/sgg.gpkg.json")
[ "$got" = "[252,162,19]" ] && ok "crosswalk in the provenance $got" || bad "crosswalk provenance: $got"

# --- unit fields of every type: an area field of text codes with NULL
# outside the areas gives the cbsa areas of the same field as numbers with 0;
# a field that must be a number names itself and the value
ogr2ogr -f GPKG "$T/area.gpkg" "$kr/KR_SiGun.gpkg" -nln KR_SiGun -dialect SQLite -sql \
  "SELECT *, CASE WHEN SiGun_CD IN ('11','21','22','23','24','25','26','29') THEN CAST(SiGun_CD AS INTEGER) ELSE 0 END AS area_num,
          CASE WHEN SiGun_CD IN ('11','21','22','23','24','25','26','29') THEN 'A' || SiGun_CD ELSE NULL END AS area_txt,
          CASE WHEN SiGun_CD = '11' THEN 'many' ELSE '5' END AS jobs_txt FROM KR_SiGun" 2>/dev/null
for f in area_num area_txt; do
  "$RN" delineate --method cbsa --units "$T/area.gpkg" --id SiGun_CD --mass population \
    --flows "$kr/OD_SiGun_long.csv" --area-field $f -o "$T/c_$f.gpkg" -q 2>"$T/err" || bad "cbsa --area-field $f: $(cat "$T/err")"
done
a=$(sqlite3 "$T/c_area_num.gpkg" "SELECT code, cbsa_id, csa_id FROM units ORDER BY code")
[ -n "$a" ] && [ "$a" = "$(sqlite3 "$T/c_area_txt.gpkg" "SELECT code, cbsa_id, csa_id FROM units ORDER BY code")" ] &&
  ok "--area-field: text codes and NULL = numbers and 0" || bad "--area-field text: another partition"
fails "a number needed: field and value named" 1 "unit '11' \(feature 1\) has no number in field 'jobs_txt' \(many\): a number is needed" \
  delineate --method cbsa --units "$T/area.gpkg" --id SiGun_CD --flows "$kr/OD_SiGun_long.csv" \
  --area-field area_txt --jobs-field jobs_txt -o "$T/o/x.gpkg"

# --- inspect that guides (flows_ties.csv, denominator total as the diagonal
# is there): strongest shares 11: 3/100, 21: 50/100, 22: 15/100, 23: 10/100,
# so 3 units have a tie >= 5% and >= 10% (10% counts), 1 >= 20%
"$RN" inspect --units "$B/units.geojson" --id code --name name --flows "$B/flows_ties.csv" >"$T/ins.txt" 2>&1
grep -q "denominator total), 4 units: min 3.0%, 10% 3.0%, 25% 10.0%, median 15.0%, 75% 15.0%, 90% 50.0%, max 50.0%" "$T/ins.txt" &&
  ok "inspect: strongest-share quantiles" || bad "inspect quantiles: $(cat "$T/ins.txt")"
grep -q "metro 5%: 3 of 4 units have a tie at or above it; urban 10%: 3 of 4 .*; life 20%: 1 of 4 .* (denominator total)" "$T/ins.txt" &&
  ok "inspect: ties per threshold" || bad "inspect ties: $(cat "$T/ins.txt")"
"$RN" inspect --units "$B/units.geojson" --id code --name name --flows "$B/flows_no_23.csv" >"$T/ins.txt" 2>&1
grep -q "no outflow   1 units send nothing to other units: 23 (Delta)" "$T/ins.txt" && ok "inspect: no outflow named" ||
  bad "inspect no outflow: $(cat "$T/ins.txt")"
"$RN" inspect --units "$B/units.geojson" --id code --flows "$B/flows_ties.csv" --json >"$T/ins.json" 2>/dev/null
[ "$(jq -c '[.ties[].units_with_tie, .strongest_share.median, .ties[0].denominator]' "$T/ins.json")" = '[3,3,1,0.15,"total"]' ] &&
  ok "inspect --json: ties" || bad "inspect json: $(jq -c .ties "$T/ins.json")"

# what the adjacency tolerance changes: the four squares of units.geojson
# (a 2 x 2 block, by hand: 4 rook pairs) are a clean coverage, the same at
# any --snap; the Korean file is not: its pairs at 100 m, less those the
# tolerance adds, plus those it removes, are the exact ones, and at --snap 0
# nothing changes
"$RN" inspect --units "$B/units.geojson" --id code --flows "$B/flows.csv" >"$T/ins.txt" 2>&1
grep -q "snap         --snap 100 m: 4 rook pairs; read exactly (0 m): 4; the tolerance adds 0 and removes 0" "$T/ins.txt" &&
  ok "inspect: snap on a clean coverage" || bad "inspect snap: $(grep snap "$T/ins.txt")"
"$RN" inspect --units "$kr/KR_SiGun.gpkg" --id SiGun_CD --flows "$kr/OD_SiGun_long.csv" --json >"$T/ins.json" 2>/dev/null
jq -e '.snap | .rook_pairs - .added + .removed == .rook_pairs_exact and .added > 0' "$T/ins.json" >/dev/null &&
  ok "inspect: snap pairs add up ($(jq -c .snap "$T/ins.json"))" || bad "inspect snap KR: $(jq -c .snap "$T/ins.json")"
"$RN" inspect --units "$kr/KR_SiGun.gpkg" --id SiGun_CD --flows "$kr/OD_SiGun_long.csv" --snap 0 --json >"$T/ins0.json" 2>/dev/null
[ "$(jq -c '.snap | [.added, .removed, .rook_pairs == .rook_pairs_exact]' "$T/ins0.json")" = "[0,0,true]" ] &&
  ok "inspect: --snap 0 changes nothing" || bad "inspect snap 0: $(jq -c .snap "$T/ins0.json")"

if [ "$fails" -ne 0 ]; then echo "$fails case(s) failed" >&2; exit 1; fi
echo "all unit-form cases passed"
