#!/bin/sh
# `regionet inspect` on the Korean and Sardinian data: every figure compared
# with one computed here independently (awk on the CSV, SQL through OGR).
set -u
: "${RN:?}" "${RN_DATA:?}" "${RN_TMP:?}"
mkdir -p "$RN_TMP"
fail=0
check() { # what got want
  if [ "$2" = "$3" ]; then echo "ok   $1 = $2"; else echo "FAIL $1: got '$2', want '$3'"; fail=1; fi
}
close() { # what got want: relative difference below 1e-9
  if awk -v g="$2" -v w="$3" 'BEGIN { d = g - w; if (d < 0) d = -d; exit !(d <= 1e-9 * (w < 0 ? -w : w)) }'; then
    echo "ok   $1 = $2"; else echo "FAIL $1: got $2, want $3"; fail=1; fi
}

# --- Korea: 159 si/gun, KTDB trips (zero diagonal)
kr="$RN_DATA/kr"
"$RN" inspect --units "$kr/KR_SiGun.gpkg" --id SiGun_CD --name SiGun_NM --mass population \
  --flows "$kr/OD_SiGun_long.csv" --json > "$RN_TMP/kr.json" 2> "$RN_TMP/kr.err" || { cat "$RN_TMP/kr.err"; exit 1; }
j="$RN_TMP/kr.json"
units=$(ogrinfo -q -sql "SELECT count(*) AS n FROM KR_SiGun" "$kr/KR_SiGun.gpkg" | awk '/n \(Integer/ { print $NF }')
check "korea units" "$(jq .units.count "$j")" "$units"
check "korea epsg" "$(jq .units.epsg "$j")" 5179
rows=$(awk 'NR > 1' "$kr/OD_SiGun_long.csv" | wc -l)
check "korea rows" "$(jq .flows.rows "$j")" "$rows"
pairs=$(awk -F, 'NR > 1 && $3 + 0 > 0 { print $1 "," $2 }' "$kr/OD_SiGun_long.csv" | sort -u | wc -l)
check "korea pairs" "$(jq .flows.pairs "$j")" "$pairs"
total=$(awk -F, 'NR > 1 { s += $3 } END { printf "%.6f", s }' "$kr/OD_SiGun_long.csv")
close "korea total" "$(jq .flows.total "$j")" "$total"
intra=$(awk -F, 'NR > 1 && $1 == $2 && $3 + 0 > 0' "$kr/OD_SiGun_long.csv" | wc -l)
check "korea intra pairs" "$(jq .flows.intra_pairs "$j")" "$intra"
check "korea denominator" "$(jq -r .flows.default_denominator "$j")" out
# islands: no other unit within the 100 m adjacency tolerance (SpatiaLite)
islands=$(ogrinfo -q -dialect SQLite -sql "SELECT a.SiGun_CD AS c FROM KR_SiGun a WHERE NOT EXISTS
  (SELECT 1 FROM KR_SiGun b WHERE b.SiGun_CD <> a.SiGun_CD AND MbrIntersects(ST_Expand(a.geom, 100), b.geom)
   AND ST_Distance(a.geom, b.geom) < 100) ORDER BY c" "$kr/KR_SiGun.gpkg" | awk '/c \(String/ { print $NF }' | paste -sd, -)
check "korea islands" "$(jq -r '.islands | join(",")' "$j")" "$islands"
top=$(awk -F, 'NR > 1 && $1 != $2 { gsub(/"/, ""); print $3, $1, $2 }' "$kr/OD_SiGun_long.csv" | sort -g -r | head -1 | awk '{ print $2 "->" $3 }')
check "korea top flow" "$(jq -r '.top_flows[0] | .origin + "->" + .dest' "$j")" "$top"
# the shipped bridges: every island of that list is in a pair, every pair
# applies, and with them the adjacency is one component of all units
"$RN" inspect --units "$kr/KR_SiGun.gpkg" --id SiGun_CD --name SiGun_NM \
  --flows "$kr/OD_SiGun_long.csv" --adjacency-add "$kr/bridges.csv" --json > "$RN_TMP/krb.json" \
  2> "$RN_TMP/krb.err" || { cat "$RN_TMP/krb.err"; exit 1; }
j="$RN_TMP/krb.json"
bridged=$(awk -F, 'NR > 1 { print $1; print $2 }' "$kr/bridges.csv" | sort -u | paste -sd, -)
for c in $(echo "$islands" | tr , ' '); do
  case ",$bridged," in *",$c,"*) ;; *) echo "FAIL island $c has no bridge in bridges.csv"; fail=1 ;; esac
done
check "bridges applied" "$(jq '[.adjacency_amendments.add.pairs[] | select(.applied)] | length' "$j")" \
  "$(awk 'NR > 1' "$kr/bridges.csv" | wc -l)"
check "bridges: islands left" "$(jq '.islands | length' "$j")" 0
check "bridges: components" "$(jq -c '[.adjacency_components.count, .adjacency_components.sizes]' "$j")" "[1,[$units]]"

# --- Sardinia: 377 comuni, census 2001 commuting (diagonal present)
it="$RN_DATA/it"
"$RN" inspect --units "$it/shpSardinia.gpkg" --id PRO_COM --name NOME_COM --mass POP2001 \
  --flows "$it/Sardinia_flows.csv" --json > "$RN_TMP/it.json" 2> "$RN_TMP/it.err" || { cat "$RN_TMP/it.err"; exit 1; }
j="$RN_TMP/it.json"
check "sardinia units" "$(jq .units.count "$j")" 377
check "sardinia epsg (UTM 32N chosen)" "$(jq .units.epsg "$j")" 32632
total=$(awk -F, 'NR > 1 { s += $3 } END { printf "%d", s }' "$it/Sardinia_flows.csv")
close "sardinia total" "$(jq .flows.total "$j")" "$total"
intra=$(awk -F, 'NR > 1 && $1 == $2 && $3 > 0' "$it/Sardinia_flows.csv" | wc -l)
check "sardinia intra pairs" "$(jq .flows.intra_pairs "$j")" "$intra"
itot=$(awk -F, 'NR > 1 && $1 == $2 { s += $3 } END { printf "%d", s }' "$it/Sardinia_flows.csv")
close "sardinia intra total" "$(jq .flows.intra_total "$j")" "$itot"
check "sardinia denominator" "$(jq -r .flows.default_denominator "$j")" total

# human-readable output names the same figures
"$RN" inspect --units "$kr/KR_SiGun.gpkg" --id SiGun_CD --flows "$kr/OD_SiGun_long.csv" > "$RN_TMP/kr.txt" 2>/dev/null
grep -q "25,020 pairs" "$RN_TMP/kr.txt" && grep -q "default denominator: out" "$RN_TMP/kr.txt" \
  && echo "ok   text output" || { echo "FAIL text output"; cat "$RN_TMP/kr.txt"; fail=1; }
exit $fail
