#!/bin/sh
# Bad input, end to end through the CLI. Every failure case asserts the exit
# status (the rn_err code), a message on stderr naming the problem (file and
# line, feature or unit) and that nothing is left in the output folder: no
# OUT.gpkg, no OUT.gpkg.json sidecar, no .OUT.gpkg.tmp-PID folder, no lock.
# Accepted oddities
# (blank lines, a BOM, a unit without flows, a repaired geometry) assert
# success and what is reported. Inputs: tests/bad_input/ (tiny GeoJSON
# squares, codes 11 21 22 23, and tiny CSVs) plus files made here with ogr2ogr.
set -u
: "${RN:?}" "${RN_TMP:?}" "${RN_TESTS:?}" "${RN_DATA:?}"
B=$RN_TESTS/bad_input
T=$RN_TMP
rm -rf "$T"
mkdir -p "$T/o"
O=$T/o/out.gpkg
fails=0
bad() {
  echo "FAIL: $*" >&2
  fails=$((fails + 1))
}

# nothing may remain in the output folder after a failed run
no_leftovers() {
  left=$(ls -A "$T/o")
  if [ -n "$left" ]; then
    bad "$1: left behind in the output folder: $left"
    rm -rf "$T/o" && mkdir -p "$T/o"
  fi
}

# fails NAME CODE PATTERN ARGS...: the CLI exits with CODE, stderr matches
# PATTERN (grep -E), no output remains
fails() {
  name=$1 code=$2 pat=$3
  shift 3
  "$RN" "$@" >"$T/stdout" 2>"$T/stderr"
  rc=$?
  [ "$rc" -eq "$code" ] || bad "$name: exit status $rc, want $code ($(cat "$T/stderr"))"
  LC_ALL=C grep -Eq -- "$pat" "$T/stderr" || bad "$name: stderr lacks /$pat/: $(cat "$T/stderr")"
  no_leftovers "$name"
}

# works NAME PATTERN ARGS...: exit 0 and stdout+stderr match PATTERN ('' = any)
works() {
  name=$1 pat=$2
  shift 2
  "$RN" "$@" >"$T/stdout" 2>"$T/stderr"
  rc=$?
  [ "$rc" -eq 0 ] || bad "$name: exit status $rc, want 0 ($(cat "$T/stderr"))"
  [ -z "$pat" ] || cat "$T/stdout" "$T/stderr" | LC_ALL=C grep -Eq -- "$pat" ||
    bad "$name: output lacks /$pat/: $(cat "$T/stdout" "$T/stderr")"
  rm -rf "$T/o" && mkdir -p "$T/o"
}

# dl UNITS FLOWS [ARGS...]: delineate argv on files of the corpus (or paths)
U=units.geojson
path() { case $1 in /*) echo "$1" ;; *) echo "$B/$1" ;; esac; }
fail_dl() {
  name=$1 code=$2 pat=$3 u=$(path "$4") f=$(path "$5")
  shift 5
  fails "$name" "$code" "$pat" delineate --units "$u" --id code --name name --mass pop \
    --flows "$f" -o "$O" "$@"
}
ok_dl() {
  name=$1 pat=$2 u=$(path "$3") f=$(path "$4")
  shift 4
  works "$name" "$pat" delineate --units "$u" --id code --name name --mass pop \
    --flows "$f" -o "$O" "$@"
}

# exit codes (README, "Exit status"): 1 input, 2 I/O, 4 parameter
EIN=1 EIO=2 EPARAM=4

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
fail_dl "threshold 1.5" $EPARAM "--thresholds: 1.5 is outside \(0,1\]" $U flows.csv --thresholds 1.5
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
