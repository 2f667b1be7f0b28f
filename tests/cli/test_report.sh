#!/bin/sh
# Policy spaces, balance figures and the report, end to end on the Korean
# data: the balance figures are recomputed here with awk from the unit ->
# region table and the units' population (definitions of algorithms/README.md);
# the report is opened by a real browser (Debian's Chromium, headless) with
# every background service off, and must load with no network request and
# no console message, with every map and table present.
set -u
: "${RN:?}" "${RN_DATA:?}" "${RN_TMP:?}" "${RN_TESTS:?}"
rm -rf "$RN_TMP"; mkdir -p "$RN_TMP"
kr="$RN_DATA/kr"
out="$RN_TMP/korea.gpkg"
fail=0
check() { if [ "$2" = "$3" ]; then echo "ok   $1 = $2"; else echo "FAIL $1: got '$2', want '$3'"; fail=1; fi; }
run() {
  "$RN" delineate --units "$kr/KR_SiGun.gpkg" --id SiGun_CD --name SiGun_NM --mass population \
    --flows "$kr/OD_SiGun_long.csv" --cores "11;21+26;22;24;25+29" "$@"
}
run --groups "$kr/wide_areas.csv" -o "$out" > "$RN_TMP/summary.txt" 2> "$RN_TMP/report.txt" ||
  { cat "$RN_TMP/report.txt"; exit 1; }
sql() { sqlite3 -separator , "$out" "$1"; }

# --- policy spaces: the four wide areas place every si/gun; Jeju's row
# matches none of the 159 units (the matrix has no Jeju) and is said so
check "policy spaces" "$(sql 'SELECT name FROM groups ORDER BY name' | paste -sd';' -)" \
  "Capital region;Chungcheong;Gyeongsang;Honam"
check "units placed" "$(sql 'SELECT count(*) FROM units WHERE policy_space IS NOT NULL')" 159
grep -q "wide_areas.csv:.*'39'.*matches no unit" "$RN_TMP/report.txt" && echo "ok   Jeju's row reported" ||
  { echo "FAIL Jeju's row not reported"; fail=1; }
check "Seoul in the capital region" "$(sql "SELECT policy_space FROM units WHERE code = '11'")" "Capital region"
check "units of the groups add up" "$(sql 'SELECT sum(n_units) FROM groups')" 159
# a region spans two spaces exactly when its units' spaces differ
check "spans flag" "$(sql "SELECT count(*) FROM life l WHERE spans_spaces != (SELECT count(DISTINCT policy_space) > 1 FROM units u WHERE u.life_id = l.region_id)")" 0

# --- balance figures, recomputed: national rows of every level, population
for lv in metro urban life; do
  sql "SELECT code, mass, coalesce(${lv}_id, '') FROM units" | awk -F, -v OFS=, '
    { x[NR] = $2; g[NR] = $3; N++; X += $2; if ($3 != "") { T[$3] += $2; n[$3]++ } }
    END {
      mu = X / N
      for (i = 1; i <= N; i++) {
        if (x[i] > 0) tu += (x[i] / mu) * log(x[i] / mu)
        if (g[i] == "" && x[i] > 0) btw += x[i] / X * log(x[i] / X * N)
        if (g[i] != "" && x[i] > 0) wtn += x[i] / X * log(x[i] / (T[g[i]] / n[g[i]]))
      }
      G = 0; for (r in T) { G++; v[G] = T[r]; if (T[r] > top) top = T[r]
        btw += T[r] / X * log(T[r] / X * N / n[r]) }
      m = 0; for (a = 1; a <= G; a++) { m += v[a]; for (b = 1; b <= G; b++) d += (v[a] > v[b] ? v[a] - v[b] : v[b] - v[a]) }
      m /= G
      for (a = 1; a <= G; a++) if (v[a] > 0) th += (v[a] / m) * log(v[a] / m)
      printf "%d,%.9f,%.9f,%.9f,%.9f,%.9f,%.9f\n", G, top / X, d / (2 * G * G * m), th / G, tu / N, btw, wtn }' \
    > "$RN_TMP/bal_$lv.expect"
  sql "SELECT n_regions, printf('%.9f,%.9f,%.9f,%.9f,%.9f,%.9f', primacy, gini, theil, theil_units, theil_between, theil_within) FROM balance WHERE level = '$lv' AND field = 'mass' AND policy_space IS NULL" \
    > "$RN_TMP/bal_$lv.got"
  check "balance of $lv" "$(cat "$RN_TMP/bal_$lv.got")" "$(cat "$RN_TMP/bal_$lv.expect")"
done
check "region shares add up to the covered share" \
  "$(sql "SELECT printf('%.9f', sum(share)) FROM balance_regions WHERE level = 'life'")" "1.000000000"
grep -q '^balance' "$RN_TMP/summary.txt" && echo "ok   balance printed" || { echo "FAIL balance not printed"; fail=1; }
check "balance in the provenance" "$(jq '.balance.figures | length' "$RN_TMP/korea.gpkg.json")" \
  "$(sql 'SELECT count(*) FROM balance')"

# --- compare --balance: the change of each figure between two runs
run --groups "$kr/wide_areas.csv" --thresholds 0.05,0.15,0.25 -o "$RN_TMP/b.gpkg" -q 2>/dev/null || { echo "FAIL second run"; fail=1; }
"$RN" compare "$out" "$RN_TMP/b.gpkg" --balance --json > "$RN_TMP/cmp.json" || { echo "FAIL compare --balance"; fail=1; }
want=$(sqlite3 "$RN_TMP/b.gpkg" "ATTACH '$out' AS a; SELECT printf('%.9f', b.gini - x.gini) FROM balance b JOIN a.balance x USING (level, field) WHERE b.level = 'urban' AND b.policy_space IS NULL AND x.policy_space IS NULL")
check "change of the urban Gini" "$(jq -r '.balance[] | select(.level == "urban" and .policy_space == null) | .gini.change' "$RN_TMP/cmp.json" | xargs printf '%.9f')" "$want"
"$RN" generate --units 30 --flows 300 --seed 3 --units-out "$RN_TMP/g.gpkg" --flows-out "$RN_TMP/g.csv" >/dev/null 2>&1
"$RN" delineate --units "$RN_TMP/g.gpkg" --id code --flows "$RN_TMP/g.csv" -o "$RN_TMP/g_out.gpkg" -q 2>/dev/null
if "$RN" compare "$out" "$RN_TMP/g_out.gpkg" --balance > /dev/null 2> "$RN_TMP/cmp.err"; then
  echo "FAIL compare --balance of two different sets of units"; fail=1
else grep -q "not on the same units" "$RN_TMP/cmp.err" && echo "ok   different units refused" || { cat "$RN_TMP/cmp.err"; fail=1; }
fi

# --- map: PNG, SVG and PDF; refusals
for ext in png svg pdf; do
  "$RN" map "$out" --level metro -o "$RN_TMP/metro.$ext" > /dev/null || { echo "FAIL map .$ext"; fail=1; }
done
check "png" "$(head -c 4 "$RN_TMP/metro.png" | od -An -tx1 | tr -d ' \n')" 89504e47
check "svg" "$(grep -c '<svg' "$RN_TMP/metro.svg")" 1
check "pdf" "$(head -c 5 "$RN_TMP/metro.pdf")" "%PDF-"
"$RN" map "$out" --level metro -o "$RN_TMP/metro.png" > /dev/null 2>&1 && { echo "FAIL map replaced a figure without --overwrite"; fail=1; }
"$RN" map "$out" --level nowhere -o "$RN_TMP/x.png" > /dev/null 2>&1 && { echo "FAIL map of a missing level"; fail=1; }
"$RN" map "$out" --level metro -o "$RN_TMP/x.gif" > /dev/null 2>&1 && { echo "FAIL map to .gif"; fail=1; }
"$RN" map "$out" --level metro -o "$out" --overwrite > /dev/null 2>&1 && { echo "FAIL map over its input"; fail=1; }
check "nothing else written" "$(ls "$RN_TMP" | grep -c -e '^x\.' -e '\.tmp')" 0

# --- the report
"$RN" report "$out" -o "$RN_TMP/korea.html" > /dev/null || { echo "FAIL report"; exit 1; }
check "no outside reference" "$(grep -c -i -E '(src|href)="(https?:)?//' "$RN_TMP/korea.html")" 0
"$RN" report "$out" -o "$RN_TMP/korea.html" > /dev/null 2>&1 && { echo "FAIL report replaced without --overwrite"; fail=1; }
if ! command -v chromium > /dev/null; then
  echo "SKIP the browser checks: no chromium (scripts/test.sh installs it)"
  [ "$fail" = 0 ] && exit 77 || exit 1
fi
chrome() {
  # no sandbox as root; nothing of the browser's own (updates, sync, accounts)
  # and no host name resolves, so nothing leaves the machine whatever happens
  timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --disable-background-networking --disable-component-update --disable-sync \
    --disable-default-apps --no-first-run --no-pings --disable-domain-reliability \
    --disable-client-side-phishing-detection \
    --disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication \
    "--host-resolver-rules=MAP * ~NOTFOUND" --user-data-dir="$RN_TMP/chromium" "$@"
}
page="file://$RN_TMP/korea.html"
chrome --enable-logging=stderr --v=0 --log-net-log="$RN_TMP/net.json" --dump-dom "$page" \
  > "$RN_TMP/dom.html" 2> "$RN_TMP/browser.log"
check "maps in the page" "$(grep -o '<img class="map"' "$RN_TMP/dom.html" | wc -l)" 3
for t in regions balance balance_regions decisions inputs summary; do
  grep -q "<table class=\"$t\"" "$RN_TMP/dom.html" && echo "ok   table $t" || { echo "FAIL table $t missing"; fail=1; }
done
grep -q 'id="provenance"' "$RN_TMP/dom.html" && echo "ok   provenance section" || { echo "FAIL no provenance"; fail=1; }
check "console messages" "$(grep -c 'CONSOLE' "$RN_TMP/browser.log")" 0
# requests the page made (the browser's own carry the initiator "not an origin")
check "page requests" "$(jq '[.events[] | .params? // {} | select(.url? and .initiator? and .initiator != "not an origin")] | length' "$RN_TMP/net.json")" 0
chrome --window-size=1100,2400 --screenshot="$RN_TMP/report.png" "$page" > /dev/null 2>&1
check "screenshot" "$(head -c 4 "$RN_TMP/report.png" | od -An -tx1 | tr -d ' \n')" 89504e47
[ "${RN_UPDATE_PICTURE:-0}" = 1 ] && cp "$RN_TMP/report.png" "$RN_TESTS/../scripts/img/report.png"

exit $fail
