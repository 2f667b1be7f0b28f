#!/bin/sh
# The main job end to end: Korea's 159 si/gun with the study's designated
# metropolitan cores. Region figures are recomputed here from the CSV with
# awk, from the unit -> region table the output holds.
set -u
: "${RN:?}" "${RN_DATA:?}" "${RN_TMP:?}"
rm -rf "$RN_TMP"; mkdir -p "$RN_TMP"
kr="$RN_DATA/kr"
out="$RN_TMP/korea.gpkg"
fail=0
check() { if [ "$2" = "$3" ]; then echo "ok   $1 = $2"; else echo "FAIL $1: got '$2', want '$3'"; fail=1; fi; }
run() {
  "$RN" delineate --units "$kr/KR_SiGun.gpkg" --id SiGun_CD --name SiGun_NM --mass population \
    --flows "$kr/OD_SiGun_long.csv" --cores "11;21+26;22;24;25+29" -o "$out" "$@"
}
run > "$RN_TMP/summary.txt" 2> "$RN_TMP/report.txt" || { cat "$RN_TMP/report.txt"; exit 1; }
sql() { sqlite3 -separator , "$out" "$1"; }
check "units" "$(sql 'SELECT count(*) FROM units')" 159
check "metro names" "$(sql 'SELECT name FROM metro ORDER BY name' | paste -sd';' -)" \
  "Busan-Ulsan;Daegu;Daejeon-Sejong;Gwangju;Seoul"
check "metro cores" "$(sql 'SELECT cores FROM metro ORDER BY region_id' | paste -sd';' -)" "11;21+26;22;24;25+29"
check "every life zone covers" "$(sql 'SELECT count(*) FROM units WHERE life_id IS NULL')" 0
check "no unit both metro and urban" "$(sql 'SELECT count(*) FROM units WHERE metro_id IS NOT NULL AND urban_id IS NOT NULL')" 0
grep -q "Busan-Ulsan" "$RN_TMP/summary.txt" && echo "ok   summary printed" || { echo "FAIL summary"; fail=1; }

# independent figures: residents (sum of O_i) and internal flow per metro region,
# and every member's share (out denominator: the diagonal is zero) >= 5%
sql 'SELECT code, metro_id, metro_role FROM units WHERE metro_id IS NOT NULL' > "$RN_TMP/members.csv"
awk -F, -v OFS=, 'NR == FNR { reg[$1] = $2; role[$1] = $3; next }
  FNR == 1 { next }
  { gsub(/"/, ""); o = $1; d = $2; v = $3; out[o] += v
    if ((o in reg) && (d in reg) && reg[o] == reg[d]) { internal[reg[o]] += v; toreg[o] += v } }
  END {
    for (u in reg) { res[reg[u]] += out[u]
      if (role[u] == "member" && toreg[u] / out[u] < 0.05) print "LOW", u, toreg[u] / out[u] }
    for (r in res) printf "%s,%.3f,%.3f\n", r, res[r], internal[r] }' \
  "$RN_TMP/members.csv" "$kr/OD_SiGun_long.csv" | sort > "$RN_TMP/expect.csv"
check "members below 5%" "$(grep -c LOW "$RN_TMP/expect.csv")" 0
sql "SELECT region_id, printf('%.3f', residents), printf('%.3f', internal) FROM metro ORDER BY region_id" > "$RN_TMP/got.csv"
if diff "$RN_TMP/got.csv" "$RN_TMP/expect.csv" > /dev/null; then echo "ok   residents and internal flow of the 5 regions"
else echo "FAIL region figures"; diff "$RN_TMP/got.csv" "$RN_TMP/expect.csv"; fail=1; fi

# provenance: checksums as sha256sum computes them, the denominator the data implies
side="$out.json"
check "units sha256" "$(jq -r .inputs.units.sha256 "$side")" "$(sha256sum "$kr/KR_SiGun.gpkg" | cut -d' ' -f1)"
check "flows sha256" "$(jq -r .inputs.flows.sha256 "$side")" "$(sha256sum "$kr/OD_SiGun_long.csv" | cut -d' ' -f1)"
check "denominator recorded" "$(jq -r .parameters.denominator "$side")" out
check "cores recorded" "$(jq -r '.parameters.levels[0].cores' "$side")" "11;21+26;22;24;25+29"
# dominance (mode dominant): Changwon's strongest tie is Gimhae (27.4%), which is
# smaller, so Changwon is a root and, at this level of designated cores, in no
# metropolitan area; with --dominance any it points to Gimhae, which points to Busan
check "dominance recorded" "$(jq -r .parameters.dominance "$side")" mass
check "Changwon in no metro area" "$(sql "SELECT coalesce(metro_id, '-') FROM units WHERE code = '38110'")" -
"$RN" delineate --units "$kr/KR_SiGun.gpkg" --id SiGun_CD --name SiGun_NM --mass population \
  --flows "$kr/OD_SiGun_long.csv" --cores "11;21+26;22;24;25+29" --dominance any -q \
  -o "$RN_TMP/any.gpkg" 2>/dev/null
check "any: Changwon in Busan-Ulsan" \
  "$(sqlite3 "$RN_TMP/any.gpkg" "SELECT metro_id FROM units WHERE code = '38110'")" 21
check "any recorded" "$(jq -r .parameters.dominance "$RN_TMP/any.gpkg.json")" any
ogrinfo -ro -mdd REGIONET "$out" 2>/dev/null | grep -q '^  PROVENANCE=' && echo "ok   metadata in the GeoPackage (domain REGIONET)" \
  || { echo "FAIL metadata"; fail=1; }

# an existing output is refused without --overwrite, and left as it was
before=$(sha256sum "$out" | cut -d' ' -f1)
run > /dev/null 2> "$RN_TMP/again.txt"; rc=$?
check "exit without --overwrite" "$rc" 6
grep -q "exists; give --overwrite" "$RN_TMP/again.txt" && echo "ok   message" || { echo "FAIL message"; cat "$RN_TMP/again.txt"; fail=1; }
check "output untouched" "$(sha256sum "$out" | cut -d' ' -f1)" "$before"
# the same run with --params from its own provenance gives the same partition
jq .parameters "$side" > "$RN_TMP/params.json"
"$RN" delineate --units "$kr/KR_SiGun.gpkg" --id SiGun_CD --name SiGun_NM --mass population \
  --flows "$kr/OD_SiGun_long.csv" --params "$RN_TMP/params.json" -o "$RN_TMP/again.gpkg" -q 2>/dev/null
q="SELECT group_concat(code || ':' || coalesce(metro_id, '') || ':' || coalesce(urban_id, '') || ':' || life_id, ';') FROM units"
check "re-run from the recorded parameters" "$(sqlite3 "$RN_TMP/again.gpkg" "$q" | sha256sum)" "$(sql "$q" | sha256sum)"
test "$(sql "$q" | wc -c)" -gt 1000 || { echo "FAIL partition text empty"; fail=1; }
ls "$RN_TMP" | grep -q tmp- && { echo "FAIL temporary file left"; fail=1; }
exit $fail
