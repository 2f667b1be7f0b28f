#!/bin/sh
# Bad input, end to end through the CLI. Every failure case asserts the exit
# status (the rn_err code), a message on stderr naming the problem (file and
# line, feature or unit) and that nothing is left in the output folder: no
# OUT.gpkg, no OUT.gpkg.json sidecar, no .OUT.gpkg.tmp-PID folder, no lock.
# Accepted oddities
# (blank lines, a BOM, a unit without flows, a repaired geometry) assert
# success and what is reported. Inputs: tests/bad_input/ (tiny GeoJSON
# squares, codes 11 21 22 23, and tiny CSVs) plus files made here with ogr2ogr.
. "$(dirname "$0")/bad_input_lib.sh"

ok_dl "clean inputs" "wrote " $U flows.csv

# --- files
fail_dl "missing units file" $EIO "nofile.gpkg: no such file" nofile.gpkg flows.csv
fail_dl "missing flows file" $EIO "nofile.csv: no such file" $U nofile.csv
fail_dl "units not a vector format" $EIO "garbage.gpkg: not a vector dataset OGR can read" \
  garbage.gpkg flows.csv
ogr2ogr -f GPKG "$T/empty.gpkg" "$B/$U" -nln units -where "code = 'none'"
fail_dl "empty units layer" $EIN "empty.gpkg \(layer units\): the layer has no features" \
  "$T/empty.gpkg" flows.csv
fail_dl "no such id field" $EPARAM "no field 'nope'; fields: .*code" $U flows.csv --id nope

# --- codes
fail_dl "duplicate code" $EIN "units_dup_code.geojson.*duplicate unit code '21' \(features 2 and 3\)" \
  units_dup_code.geojson flows.csv
fail_dl "empty code" $EIN "units_empty_code.geojson.*feature 3 has an empty code in field 'code'" \
  units_empty_code.geojson flows.csv
fail_dl "NULL code" $EIN "units_null_code.geojson.*feature 3 has a NULL code in field 'code'" \
  units_null_code.geojson flows.csv
# codes are exact text: 011 in the flows is not 11 among the units (and back)
fail_dl "flows 011, units 11" $EIN \
  "flows_leading_zero.csv:2: unknown origin code '011' \(unit '11' differs only in leading zeros" \
  $U flows_leading_zero.csv
fail_dl "flows 11, units 011" $EIN \
  "flows.csv:2: unknown origin code '11' \(unit '011' differs only in leading zeros" \
  units_011.geojson flows.csv

# --- flow values and layout
fail_dl "unknown code" $EIN "flows_unknown.csv:3: unknown destination code '99'$" \
  $U flows_unknown.csv
ok_dl "unknown code dropped" "dropped 1 rows with codes not among the units" \
  $U flows_unknown.csv --drop-unknown
fail_dl "negative flow" $EIN "flows_negative.csv:3: column 'flow': value '-80' is negative" \
  $U flows_negative.csv
fail_dl "NaN flow" $EIN "flows_nan.csv:3: column 'flow': value 'NaN' is not a number" \
  $U flows_nan.csv
fail_dl "infinite flow" $EIN "flows_inf.csv:3: column 'flow': value 'inf' is infinite" \
  $U flows_inf.csv
fail_dl "non-numeric flow" $EIN "flows_nonnumeric.csv:3: column 'flow': value 'lots' is not a number" \
  $U flows_nonnumeric.csv
fail_dl "overflowing flow" $EIN "flows_overflow.csv:3: column 'flow': value '1e999' is out of range" \
  $U flows_overflow.csv
ok_dl "blank lines" "wrote " $U flows_blank_lines.csv
works "inspect: blank lines are no rows" "4 pairs from 4 rows" \
  inspect --units "$B/$U" --id code --flows "$B/flows_blank_lines.csv"
# blank lines do not shift the line numbers in messages
printf 'origin,dest,flow\n\n11,21,100\n\n21,11,x\n' >"$T/blank_bad.csv"
fail_dl "line numbers after blank lines" $EIN "blank_bad.csv:5: column 'flow': value 'x'" \
  $U "$T/blank_bad.csv"
ok_dl "byte-order mark" "origin column 'origin'" $U flows_bom.csv
fail_dl "pipe delimiter" $EIN \
  "flows_pipe.csv:1: no ',', ';' or tab delimiter in the first line 'origin\|dest\|flow' \(delimiter '\|'\?\)" \
  $U flows_pipe.csv
fail_dl "header only" $EIN "flows_header_only.csv: no data rows" $U flows_header_only.csv
fail_dl "all-zero flows" $EIN "flows_all_zero.csv: all 3 flows are zero" $U flows_all_zero.csv
# CP949 column names: not found (and not UTF-8) without the encoding, found with it
fail_dl "CP949 without --flows-encoding" $EPARAM \
  "flows_cp949.csv: no origin column '출발'.*not UTF-8 text: give --flows-encoding" \
  $U flows_cp949.csv --origin 출발 --dest 도착 --value 통행
ok_dl "CP949 with --flows-encoding" "origin column '출발', destination '도착', value '통행'" \
  $U flows_cp949.csv --origin 출발 --dest 도착 --value 통행 --flows-encoding CP949
# a unit with no flows is accepted, and inspect names it
ok_dl "unit without flows" "wrote " $U flows_no_23.csv
works "inspect: unit without flows" "no flows +1 units send and receive nothing: 23" \
  inspect --units "$B/$U" --id code --flows "$B/flows_no_23.csv"

# --- geometries and CRS
ok_dl "self-intersecting geometry repaired" \
  "unit '23' \(feature 4\) had an invalid geometry \(Self-intersection.*repaired with make-valid" \
  units_bowtie.geojson flows.csv
works "inspect: repair counted" "1 geometries repaired" \
  inspect --units "$B/units_bowtie.geojson" --id code --flows "$B/flows.csv"
fail_dl "NULL geometry" $EIN "units_null_geom.geojson.*unit '23' \(feature 4\) has no geometry" \
  units_null_geom.geojson flows.csv
# GeoJSON reads an empty polygon as no geometry; a GeoPackage keeps it empty
fail_dl "empty GeoJSON polygon" $EIN "units_empty_geom.geojson.*unit '23' \(feature 4\) has no geometry" \
  units_empty_geom.geojson flows.csv
ogr2ogr -f CSV "$T/wkt.csv" "$B/$U" -lco GEOMETRY=AS_WKT
sed 's/^"POLYGON ((.*)","23",/"POLYGON EMPTY","23",/' "$T/wkt.csv" >"$T/wkt_empty.csv"
ogr2ogr -f GPKG "$T/empty_geom.gpkg" "$T/wkt_empty.csv" -a_srs EPSG:4326 -nln units \
  -oo GEOM_POSSIBLE_NAMES=WKT -oo KEEP_GEOM_COLUMNS=NO
fail_dl "empty GeoPackage polygon" $EIN "empty_geom.gpkg \(layer units\): unit '23' \(feature 4\) has an empty geometry" \
  "$T/empty_geom.gpkg" flows.csv
# geographic CRS: reprojected to a UTM zone
works "geographic CRS reprojected" "CRS EPSG:32652" \
  inspect --units "$B/$U" --id code --flows "$B/flows.csv"
# no CRS: a Shapefile without its .prj
ogr2ogr -f "ESRI Shapefile" "$T/nocrs.shp" "$B/$U" -nln nocrs
rm -f "$T/nocrs.prj"
fail_dl "units without CRS" $EIN "nocrs.shp \(layer nocrs\) has no CRS; name one with --src-crs" \
  "$T/nocrs.shp" flows.csv
ok_dl "units without CRS, --src-crs" "wrote " "$T/nocrs.shp" flows.csv --src-crs EPSG:4326
fail_dl "bad --src-crs" $EPARAM "--src-crs 'EPSG:0' is not a CRS" "$T/nocrs.shp" flows.csv \
  --src-crs EPSG:0

# --- parameters
fail_dl "threshold 0" $EPARAM "--thresholds: 0 is outside \(0,1\]" $U flows.csv --thresholds 0,0.1,0.2
fail_dl "threshold 1.5" $EPARAM "--thresholds: 1.5 is outside \(0,1\] \(level urban\)" $U flows.csv \
  --thresholds 0.05,1.5,0.2
# one value for three levels is not copied to all of them
fail_dl "one threshold, three levels" $EPARAM \
  "--thresholds: 1 value for 3 levels \(metro, urban, life\): give one per level" $U flows.csv \
  --thresholds 0.1
fail_dl "one min-mass, three levels" $EPARAM \
  "--min-mass: 1 value for 3 levels \(metro, urban, life\): give one per level" $U flows.csv \
  --min-mass 150000
fail_dl "four min-mass values" $EPARAM "--min-mass: 4 values for 3 levels \(metro, urban, life\)" \
  $U flows.csv --min-mass 1,2,3,4
fail_dl "min-mass unknown level" $EPARAM "--min-mass: no level 'metre' \(levels: metro, urban, life\)" \
  $U flows.csv --min-mass metre=2%
fail_dl "min-mass level twice" $EPARAM "--min-mass: level metro is given twice" $U flows.csv \
  --min-mass metro=2%,metro=1%
fail_dl "min-mass mixed forms" $EPARAM "--min-mass: give one value per level or NAME=VALUE pairs, not both" \
  $U flows.csv --min-mass 1000,urban=0
fail_dl "min-mass share above 100%" $EPARAM "--min-mass: .* share in \[0%,100%\] \(level metro\)" \
  $U flows.csv --min-mass 150%,0,0
fail_dl "min-mass negative" $EPARAM "--min-mass: .*not a mass >= 0 .*\(level urban\)" $U flows.csv \
  --min-mass 0,-5,0
fail_dl "min-mass not a number" $EPARAM "--min-mass: '2x%' is not a number or a share such as 2%" \
  $U flows.csv --min-mass 2x%,0,0
fail_dl "threshold as a share" $EPARAM "--thresholds: '5%' is not a number" $U flows.csv \
  --thresholds 5%,0.1,0.2
printf '{"levels": [{"name": "metro", "threshold": 0.05, "min_mass": "2"}]}' >"$T/mm.json"
fail_dl "min_mass text without %" $EPARAM "mm.json: levels\[0\].min_mass '2' is not a share of the total mass" \
  $U flows.csv --params "$T/mm.json"
printf '{"levels": [{"name": "metro", "threshold": 0.05, "min_mass": "101%%"}]}' >"$T/mm2.json"
fail_dl "min_mass share above 100%" $EPARAM "mm2.json: levels\[0\].min_mass '101%' is not a share" \
  $U flows.csv --params "$T/mm2.json"
# accepted: named levels, a share, and the number it came to in the provenance
ok_dl "min-mass by name and share" "minimum core mass 950 \(50% of the total\)" $U flows.csv \
  --min-mass metro=50%,urban=0
"$RN" delineate --units "$B/$U" --id code --name name --mass pop --flows "$B/flows.csv" -o "$O" \
  --min-mass metro=50% -q && jq -e '.levels[0].min_mass_used == 950 and .parameters.levels[0].min_mass == "50%"
  and .parameters.levels[1].min_mass == 50000 and .inputs.mass.total == 1900' "$T/o/out.gpkg.json" >/dev/null ||
  bad "min-mass share: provenance $(jq -c '[.levels, .parameters.levels]' "$T/o/out.gpkg.json")"
rm -rf "$T/o" && mkdir -p "$T/o"
# a level by its number; thresholds by name, the others as the preset has them
"$RN" delineate --units "$B/$U" --id code --name name --mass pop --flows "$B/flows.csv" -o "$O" \
  --min-mass 2=10% --thresholds life=0.15,metro=0.07 -q &&
  jq -e '[.parameters.levels[] | .threshold] == [0.07, 0.1, 0.15]
    and [.parameters.levels[] | .min_mass] == [1000000, "10%", 0]
    and [.levels[] | .min_mass_used] == [1000000, 190, 0]' "$T/o/out.gpkg.json" >/dev/null ||
  bad "named levels: provenance $(jq -c '[.parameters.levels, .levels]' "$T/o/out.gpkg.json")"
rm -rf "$T/o" && mkdir -p "$T/o"

# --- adjacency amendments (--adjacency-add / --adjacency-remove): file:line
fail_dl "adjacency: unknown code" $EIN "adj_unknown.csv:3: unknown unit code '99'" $U flows.csv \
  --adjacency-add "$B/adj_unknown.csv"
fail_dl "adjacency: self pair" $EIN "adj_self.csv:3: unit '22' is paired with itself" $U flows.csv \
  --adjacency-remove "$B/adj_self.csv"
fail_dl "adjacency: duplicate pair" $EIN "adj_dup.csv:4: the pair 11,23 repeats line 2" $U flows.csv \
  --adjacency-add "$B/adj_dup.csv"
fail_dl "adjacency: blank code" $EIN "adj_blank.csv:3: a pair needs two unit codes" $U flows.csv \
  --adjacency-add "$B/adj_blank.csv"
fail_dl "adjacency: header only" $EIN "adj_header_only.csv: --adjacency-add: no pairs" $U flows.csv \
  --adjacency-add "$B/adj_header_only.csv"
fail_dl "adjacency: one column" $EIN "adj_one_column.csv: --adjacency-remove needs a header and two columns" \
  $U flows.csv --adjacency-remove "$B/adj_one_column.csv"
fail_dl "adjacency: missing file" $EIO "nofile.csv: no such file" $U flows.csv \
  --adjacency-add "$B/nofile.csv"
fail_dl "adjacency: added and removed" $EIN "adj_corner.csv:2: the pair 11,23 is also to be removed \(.*adj_corner.csv:2\)" \
  $U flows.csv --adjacency-add "$B/adj_corner.csv" --adjacency-remove "$B/adj_corner.csv"
fail_dl "adjacency with contiguity ignore" $EPARAM "--adjacency-add: the adjacency is not used with --contiguity ignore" \
  $U flows.csv --contiguity ignore --adjacency-add "$B/adj_corner.csv"
# accepted: a corner made a link; pairs that change nothing are warnings,
# on stderr and in the provenance
ok_dl "adjacency: corner added" "adj_corner.csv: 1 of 1 pairs added" $U flows.csv \
  --adjacency-add "$B/adj_corner.csv"
ok_dl "adjacency: add existing pair" "warning: .*adj_existing.csv:2: 11 \(Alpha\) and 21 \(Beta\) are rook neighbours already" \
  $U flows.csv --adjacency-add "$B/adj_existing.csv"
# the same squares with Delta (23) moved off the coast: an island
ogr2ogr -f GeoJSON "$T/island.geojson" "$B/$U" -dialect SQLite -sql \
  "SELECT code, name, pop, CASE WHEN code = '23' THEN ST_Translate(geometry, 0.3, 0, 0) ELSE geometry END AS geometry FROM units"
ok_dl "adjacency: remove absent pair" "warning: .*adj_corner.csv:2: 11 \(Alpha\) and 23 \(Delta\) are not adjacent" \
  "$T/island.geojson" flows.csv --adjacency-remove "$B/adj_corner.csv"
works "inspect: the island" "islands      1 units without a rook neighbour: 23 \(Delta\)" \
  inspect --units "$T/island.geojson" --id code --name name --flows "$B/flows.csv"
"$RN" inspect --units "$T/island.geojson" --id code --name name --flows "$B/flows.csv" \
  --adjacency-add "$B/adj_corner.csv" >"$T/stdout" 2>&1
grep -q "islands      0 units" "$T/stdout" &&
  grep -q "added        1 pairs from .*adj_corner.csv: 11-23 (Alpha-Delta)" "$T/stdout" ||
  bad "inspect: the island bridged: $(cat "$T/stdout")"
"$RN" delineate --units "$T/island.geojson" --id code --name name --mass pop --flows "$B/flows.csv" -o "$O" -q \
  --adjacency-remove "$B/adj_corner.csv" --adjacency-add "$B/adj_existing.csv" &&
  jq -e '([.warnings[] | .kind | select(startswith("adjacency"))] | sort) ==
      ["adjacency_add_noop", "adjacency_remove_noop"]
    and .inputs.adjacency.remove.pairs == [{"a": "11", "b": "23", "line": 2, "applied": false}]
    and (.inputs.adjacency.add.sha256 | length) == 64' "$T/o/out.gpkg.json" >/dev/null ||
  bad "adjacency no-ops: provenance $(jq -c '[.warnings, .inputs.adjacency]' "$T/o/out.gpkg.json")"
rm -rf "$T/o" && mkdir -p "$T/o"
fail_dl "threshold not a number" $EPARAM "--thresholds: 'x' is not a number" $U flows.csv --thresholds x
fail_dl "unknown preset" $EPARAM "unknown preset 'nope'" $U flows.csv --preset nope
fail_dl "core not a unit" $EPARAM "designated core '99' \(level metro\) is not a unit code" \
  $U flows.csv --cores 99
printf '{"levels": [{"threshold": "high"}]}' >"$T/params.json"
fail_dl "bad parameter file" $EPARAM "params.json: levels\[0\]: unknown key or wrong type for 'threshold'" \
  $U flows.csv --params "$T/params.json"
printf '{"levels": [' >"$T/params_cut.json"
fail_dl "truncated parameter file" $EPARAM "params_cut.json:1:[0-9]+: " $U flows.csv --params "$T/params_cut.json"
fail_dl "unknown option" $EPARAM "unknown option '--frobnicate'" $U flows.csv --frobnicate
fail_dl "unknown method" $EPARAM "unknown method 'nope'" $U flows.csv --method nope

# an existing output is refused without --overwrite and left as it was
echo keep >"$O"
"$RN" delineate --units "$B/$U" --id code --flows "$B/flows.csv" -o "$O" >"$T/stdout" 2>"$T/stderr"
rc=$?
[ "$rc" -eq 6 ] || bad "existing output: exit status $rc, want 6"
grep -q "out.gpkg exists; give --overwrite" "$T/stderr" || bad "existing output: $(cat "$T/stderr")"
[ "$(cat "$O")" = keep ] || bad "existing output was changed"
rm -f "$O"

if [ "$fails" -ne 0 ]; then
  echo "$fails bad-input case(s) failed" >&2
  exit 1
fi
echo "all bad-input cases passed"
