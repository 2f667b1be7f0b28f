#!/bin/sh
# Flows in the forms planners have them: the bundled Korean long CSV made
# here into a cross-table (CSV, ';' with decimal commas, XLSX, ODS), a
# European long CSV and an all-text XLSX must give the very partition of the
# long CSV; and each form's bad input (tests/bad_input/matrix_*, flows_semicolon_*,
# flows_modes.csv) fails with file and line, leaving nothing behind.
set -u
: "${RN:?}" "${RN_DATA:?}" "${RN_TMP:?}" "${RN_TESTS:?}"
rm -rf "$RN_TMP"; mkdir -p "$RN_TMP/o"
T=$RN_TMP B=$RN_TESTS/bad_input kr=$RN_DATA/kr
fails=0
bad() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

# fails NAME CODE PATTERN ARGS...: exit CODE, stderr matches, nothing written
fails() {
  name=$1 code=$2 pat=$3
  shift 3
  "$RN" "$@" >"$T/stdout" 2>"$T/stderr"
  rc=$?
  [ "$rc" -eq "$code" ] || bad "$name: exit status $rc, want $code ($(cat "$T/stderr"))"
  LC_ALL=C grep -Eq -- "$pat" "$T/stderr" || bad "$name: stderr lacks /$pat/: $(cat "$T/stderr")"
  [ -z "$(ls -A "$T/o")" ] || { bad "$name: left behind: $(ls -A "$T/o")"; rm -f "$T/o/"*; }
}
# works NAME PATTERN ARGS...: exit 0, stdout+stderr match
works() {
  name=$1 pat=$2
  shift 2
  "$RN" "$@" >"$T/stdout" 2>"$T/stderr" || bad "$name: exit status $? ($(cat "$T/stderr"))"
  cat "$T/stdout" "$T/stderr" | LC_ALL=C grep -Eq -- "$pat" ||
    bad "$name: output lacks /$pat/: $(cat "$T/stdout" "$T/stderr")"
  rm -f "$T/o/"*
}
EIN=1 EPARAM=4
dl() { echo delineate --units "$B/units.geojson" --id code --name name --mass pop -o "$T/o/out.gpkg"; }

# --- bad input, each form
fails "matrix: duplicated destination" $EIN "matrix_dup_column.csv:1: destination '21' in columns 3 and 5" \
  $(dl) --flows "$B/matrix_dup_column.csv"
fails "matrix: total row in the middle" $EIN \
  "matrix_total_middle.csv:5: a row after the total row \(.*matrix_total_middle.csv:4\)" \
  $(dl) --flows "$B/matrix_total_middle.csv"
fails "matrix: unclear column label" $EIN "matrix_unknown_column.csv:1, column 6: unknown destination code 'Abroad'" \
  $(dl) --flows "$B/matrix_unknown_column.csv"
fails "matrix: value under no code" $EIN "matrix_no_code_column.csv:3, column 6: value '7' under no destination code" \
  $(dl) --flows "$B/matrix_no_code_column.csv"
fails "matrix: --value makes no sense" $EPARAM "name columns of a long table" \
  $(dl) --flows "$B/matrix_totals.csv" --value flow --flows-layout matrix
fails "';' file: 1.234 is ambiguous" $EIN \
  "flows_semicolon_thousands.csv:3: column 'flow': value '1.234' is ambiguous in a ';'-separated file.*--decimal" \
  $(dl) --flows "$B/flows_semicolon_thousands.csv"
fails "';' file: thousands separator" $EIN \
  "flows_semicolon_grouped.csv:4: column 'flow': value '1.234,5': both '.' and ','.*thousands separators are not read" \
  $(dl) --flows "$B/flows_semicolon_grouped.csv"
fails "--decimal , and a '.'" $EIN \
  "flows_semicolon_thousands.csv:3: column 'flow': value '1.234' has a '.'; the decimal mark is ',' \(--decimal ,\)" \
  $(dl) --flows "$B/flows_semicolon_thousands.csv" --decimal ,
fails "',' in a ',' file" $EIN "flows_x.csv:3: column 'flow': value '80,5' is not a number .*\(a decimal comma\? give --decimal ,\)" \
  $(dl) --flows "$(printf 'origin,dest,flow\n11,21,100\n21,11,"80,5"\n' > "$T/flows_x.csv"; echo "$T/flows_x.csv")"
fails "bad --decimal" $EPARAM "--decimal: ';' is not . or ," $(dl) --flows "$B/flows.csv" --decimal ';'
fails "bad --flows-layout" $EPARAM "--flows-layout: 'wide' is not long, matrix or auto" \
  $(dl) --flows "$B/flows.csv" --flows-layout wide
fails "--flows-where syntax" $EPARAM "flows_modes.csv: --flows-where \"mode = 'work\" is not a filter" \
  $(dl) --flows "$B/flows_modes.csv" --flows-where "mode = 'work" --value car+bus
fails "--flows-where chooses nothing" $EIN "flows_modes.csv: no row matches --flows-where \"mode = 'walk'\"" \
  $(dl) --flows "$B/flows_modes.csv" --flows-where "mode = 'walk'" --value car+bus
fails "--value a+b, no such column" $EPARAM "no value column 'train' \(of --value a\+b\)" \
  $(dl) --flows "$B/flows_modes.csv" --value car+train

# --- accepted, with notes
works "matrix: totals skipped with a note" \
  "column 6 'Total': skipped \(a total: it equals the sums\)" $(dl) --flows "$B/matrix_totals.csv"
works "';' file: decimal commas learnt" "decimal commas \(learnt from .*flows_semicolon_decimal.csv:2\)" \
  $(dl) --flows "$B/flows_semicolon_decimal.csv"

# the same flows through every form give the same units table (tiny data):
# flows_modes.csv's work rows, car+bus, are flows.csv; matrix_totals.csv too
part() { sqlite3 "$1" "SELECT code, metro_id, urban_id, life_id, printf('%.6f', metro_share) FROM units ORDER BY code" 2>&1; }
"$RN" $(dl) --flows "$B/flows.csv" -q && mv "$T/o/out.gpkg" "$T/ref.gpkg" && rm -f "$T/o/"* ||
  bad "tiny reference run"
for form in "matrix_totals.csv" "flows_modes.csv --flows-where mode='work' --value car+bus"; do
  # shellcheck disable=SC2086
  set -- $form
  f=$1; shift
  "$RN" $(dl) --flows "$B/$f" "$@" -q 2>"$T/stderr" || bad "$form: $(cat "$T/stderr")"
  [ "$(part "$T/o/out.gpkg")" = "$(part "$T/ref.gpkg")" ] && echo "ok   $form = flows.csv" ||
    bad "$form: another partition than flows.csv"
  rm -f "$T/o/"*
done

# --- the Korean si/gun flows in every form
awk -v sep=, -f "$RN_TESTS/cli/long_to_wide.awk" "$kr/OD_SiGun_long.csv" >"$T/wide.csv"
awk -v sep=';' -v dec=, -f "$RN_TESTS/cli/long_to_wide.awk" "$kr/OD_SiGun_long.csv" >"$T/wide_eu.csv"
# the long file the European way: ';' between fields, ',' as decimal mark
sed 's/,/;/g; s/\./,/g' "$kr/OD_SiGun_long.csv" >"$T/long_eu.csv"
# spreadsheets whose cells are all text (GDAL alone would not see the header)
ogr2ogr -f XLSX "$T/wide.xlsx" "$T/wide.csv" -oo AUTODETECT_TYPE=NO -oo HEADERS=YES -nln od
ogr2ogr -f ODS "$T/wide.ods" "$T/wide.csv" -oo AUTODETECT_TYPE=NO -oo HEADERS=YES -nln od
ogr2ogr -f XLSX "$T/long.xlsx" "$kr/OD_SiGun_long.csv" -oo AUTODETECT_TYPE=NO -nln od
kr_run() {
  "$RN" delineate --units "$kr/KR_SiGun.gpkg" --id SiGun_CD --name SiGun_NM --mass population \
    --cores "11;21+26;22;24;25+29" -o "$2" --flows "$1" >/dev/null 2>"$T/report.txt"
}
kr_part() {
  sqlite3 "$1" "SELECT code, metro_id, urban_id, life_id, printf('%.9f', metro_share), printf('%.9f', life_share) FROM units ORDER BY code;
                SELECT region_id, printf('%.6f', residents), printf('%.6f', internal) FROM life ORDER BY region_id"
}
kr_run "$kr/OD_SiGun_long.csv" "$T/kr_long.gpkg" || bad "Korea long CSV: $(cat "$T/report.txt")"
ref=$(kr_part "$T/kr_long.gpkg")
[ "$(printf '%s\n' "$ref" | grep -c '|')" -gt 159 ] || bad "Korea reference partition is empty"
for f in wide.csv wide_eu.csv long_eu.csv wide.xlsx wide.ods long.xlsx; do
  if ! kr_run "$T/$f" "$T/kr_$f.gpkg"; then bad "Korea $f: $(cat "$T/report.txt")"; continue; fi
  case $f in wide*) grep -q "a cross-table: origins in column 1 ('origin'), 159 destinations" "$T/report.txt" ||
    bad "Korea $f: not read as a cross-table: $(head -3 "$T/report.txt")" ;; esac
  [ "$(kr_part "$T/kr_$f.gpkg")" = "$ref" ] && echo "ok   Korea $f = long CSV" ||
    bad "Korea $f: another partition than the long CSV"
done

if [ "$fails" -ne 0 ]; then echo "$fails case(s) failed" >&2; exit 1; fi
echo "all flow-form cases passed"
