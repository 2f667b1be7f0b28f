#!/bin/sh
# Mass and degenerate results on real data (Sardinia, Istat 2001 commuting,
# with a diagonal): without --mass the mass is the inflow I_j (jobs), which
# the preset's 1,000,000 persons of `metro` never reaches: the run must say so
# on stderr and in the provenance, naming the largest unit; the units layer
# holds every unit's mass; a min_mass given as a share is resolved against
# the total mass and the number recorded. Expected figures come from the
# flows file itself (awk), not from regionet.
set -u
T="$RN_TMP"
rm -rf "$T" && mkdir -p "$T"
fails=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fails=$((fails + 1)); }
check() { if [ "$2" = "$3" ]; then ok "$1 ($2)"; else bad "$1: got '$2', expected '$3'"; fi; }
q() { sqlite3 "$1" "$2"; }
FLOWS="$RN_DATA/it/Sardinia_flows.csv"
run() {
  "$RN" delineate --units "$RN_DATA/it/shpSardinia.gpkg" --id PRO_COM --name NOME_COM \
    --flows "$FLOWS" "$@"
}

# inflow per comune and the largest, from the CSV (diagonal included, as I_j)
awk -F, 'NR > 1 { gsub(/"/, ""); in_[$2] += $3; t += $3 }
  END { for (c in in_) print c, in_[c]; print "TOTAL", t }' "$FLOWS" | sort -k2,2nr >"$T/inflow.txt"
top=$(grep -v TOTAL "$T/inflow.txt" | head -1)
top_code=${top% *} top_in=${top#* }
total=$(awk '$1 == "TOTAL" { print $2 }' "$T/inflow.txt")
check "largest inflow (awk)" "$top_code $top_in" "92009 74004"

# --- the preset on jobs: no metro core, said with the largest candidate
G="$T/jobs.gpkg"
run -o "$G" >"$T/out" 2>"$T/err" || bad "delineate without --mass: $(cat "$T/err")"
grep -q "warning: metro: no core: no candidate reaches the minimum mass 1000000; the largest, $top_code (CAGLIARI), has $top_in" "$T/err" &&
  grep -q "the mass is the inflow I_j" "$T/err" && grep -q "min-mass metro=2%" "$T/err" &&
  ok "no metro core on stderr" || bad "no metro core on stderr: $(cat "$T/err")"
grep -q "warning: metro: no region: none of the 377 candidate units" "$T/err" &&
  ok "no metro region on stderr" || bad "no metro region: $(cat "$T/err")"
check "provenance: no_core names the largest" \
  "$(jq -r '.warnings[] | select(.kind == "no_core") | "\(.level) \(.unit) \(.mass)"' "$T/jobs.gpkg.json")" \
  "metro $top_code $top_in"
check "provenance: no_region" \
  "$(jq -r '.warnings[] | select(.kind == "no_region") | "\(.level) \(.count)"' "$T/jobs.gpkg.json")" "metro 377"
# life zones: the figure of single units, counted from the layer
singles=$(q "$G" "select count(*) from life where n_units = 1")
nlife=$(q "$G" "select count(*) from life")
check "provenance: single units of life" \
  "$(jq -r '.warnings[] | select(.kind == "single_units") | "\(.level) \(.count)"' "$T/jobs.gpkg.json")" \
  "life $singles"
grep -q "warning: life: $singles of its $nlife regions" "$T/err" && ok "single units on stderr" ||
  bad "single units on stderr: $(cat "$T/err")"

# --- mass per unit: the inflow, for every unit
check "units.mass never NULL" "$(q "$G" "select count(*) from units where mass is null")" 0
grep -v TOTAL "$T/inflow.txt" | while read -r c v; do echo "$c,$v"; done | sort >"$T/want.csv"
q "$G" "select code || ',' || printf('%.10g', mass) from units" | sort >"$T/got.csv"
sed -i 's/,\([0-9]*\)\.0*$/,\1/' "$T/want.csv"
if diff "$T/want.csv" "$T/got.csv" >/dev/null; then ok "units.mass = inflow of each unit (377)"
else bad "units.mass differs from the inflow: $(diff "$T/want.csv" "$T/got.csv" | head -5)"; fi
check "provenance: mass source and total" "$(jq -r '.inputs.mass | "\(.source) \(.total)"' "$T/jobs.gpkg.json")" \
  "inflow $total"
# with --mass, the field
run --mass POP2001 -q -o "$T/pop.gpkg" || bad "delineate --mass POP2001"
check "units.mass = POP2001" "$(q "$T/pop.gpkg" "select sum(mass), count(mass) from units")" "1631880.0|377"

# --- a share of the total mass: 5% and 1% of the inflow total
run --min-mass metro=5%,urban=1% -q -o "$T/share.gpkg" || bad "delineate --min-mass metro=5%,urban=1%"
want=$(awk -v t="$total" 'BEGIN { printf "%.6f %.6f", 0.05 * t, 0.01 * t }')
check "min_mass_used" "$(jq -r '[.levels[0].min_mass_used, .levels[1].min_mass_used] | map(. * 1000000 | round / 1000000) | "\(.[0]) \(.[1])"' "$T/share.gpkg.json" |
  awk '{ printf "%.6f %.6f", $1, $2 }')" "$want"
check "parameters keep the shares" "$(jq -r '.parameters.levels | map(.min_mass | tostring) | join(" ")' "$T/share.gpkg.json")" \
  "5% 1% 0"
# every metro core reaches 5% of the total, and the largest unit is one
check "metro cores reach the share" \
  "$(q "$T/share.gpkg" "select count(*) from units where metro_role = 'core' and mass < 0.05 * $total")" 0
check "largest unit is a metro core" "$(q "$T/share.gpkg" "select metro_role from units where code = '$top_code'")" core
check "no metro warning with the share" "$(jq '[.warnings[] | select(.level == "metro")] | length' "$T/share.gpkg.json")" 0
# the provenance's parameters re-run to the same partition
jq .parameters "$T/share.gpkg.json" >"$T/params.json"
run --params "$T/params.json" -q -o "$T/again.gpkg" || bad "re-run with the recorded parameters"
part() { q "$1" "select group_concat(code || ':' || coalesce(metro_id, '') || ':' || coalesce(urban_id, ''), ' ') from (select * from units order by code)" | md5sum | cut -c1-12; }
check "re-run: same metro and urban areas" "$(part "$T/again.gpkg")" "$(part "$T/share.gpkg")"

[ "$fails" -eq 0 ] || { echo "$fails check(s) failed"; exit 1; }
echo "all checks passed"
