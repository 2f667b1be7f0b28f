#!/bin/sh
# Fuzz the flow reader, the units reader and the parameter-file parser with libFuzzer (clang,
# ASan+UBSan) for SECONDS each (default 30). Builds into build-fuzz/; seed
# corpora come from the real data and the bad-input corpus; new corpus
# entries are kept in build-fuzz/corpus/, crashes in build-fuzz/crashes/.
# A crash must be fixed and its input added to tests/fuzz/regressions/.
# Usage: scripts/fuzz.sh [seconds]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-30}
build=$here/build-fuzz
# its own tools, beyond what scripts/setup.sh installs for the build and tests
for p in clang libclang-rt-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || {
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$p" >/dev/null
  }
done
CC=clang cmake -S "$here" -B "$build" -DRN_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)" --target fuzz_flows fuzz_params fuzz_units >/dev/null

seeds=$build/seeds
rm -rf "$seeds"
mkdir -p "$seeds/flows" "$seeds/params" "$seeds/units" "$build/corpus/flows" "$build/corpus/params" \
  "$build/corpus/units" "$build/crashes"
head -c 4000 "$here/datasets/kr/OD_SiGun_long.csv" | head -n -1 >"$seeds/flows/kr_head.csv"
head -n 200 "$here/datasets/it/Brindisi_flows.csv" >"$seeds/flows/brindisi.csv"
printf 'origin;dest;flow\n11;21;1,5\n21;11;2\n' >"$seeds/flows/semicolon.csv"
printf 'origin\tdest\tflow\n"11"\t"21"\t3\n' >"$seeds/flows/tab.csv"
cp "$here"/tests/bad_input/flows*.csv "$seeds/flows/"
# units: the corpus's GeoJSON, the regressions (CSV with WKT among them)
cp "$here"/tests/bad_input/units*.geojson "$here"/tests/fuzz/regressions/units/* "$seeds/units/"
cat >"$seeds/params/full.json" <<'JSON'
{"preset": "krihs", "denominator": "out", "contiguity": "enforce", "adjacency": "rook",
 "levels": [{"name": "metro", "threshold": 0.05, "min_mass": 1000000, "mode": "dominant",
             "cores": "11;21+26;22;24;25+29", "scope": "remaining"},
            {"name": "urban", "threshold": 0.10, "min_mass": 50000},
            {"name": "life", "threshold": 0.20, "min_mass": 0, "scope": "nested", "cover_all": true}]}
JSON
printf '{"denominator": "field:jobs", "adjacency": "queen", "levels": [{"threshold": 0.3, "mode": "chain", "cores": null}]}' >"$seeds/params/field.json"
printf '{"levels": [{"name": "a"}, {"name": "b"}, {"name": "c"}, {"name": "d", "mode": "core"}]}' >"$seeds/params/four.json"
printf '{"contiguity": "ignore"}' >"$seeds/params/small.json"
printf '\357\273\277{"contiguity": "ignore", "levels": [{"threshold": 0.1}]}' >"$seeds/params/bom.json"
# the parameters block of a real run's provenance, when a run exists
[ -f "$here/out/korea.gpkg.json" ] && cp "$here/out/korea.gpkg.json" "$seeds/params/korea_run.json" || true

status=0
for t in flows params units; do
  echo "fuzz_$t: $secs s"
  # -max_len: flow files of a few kB reach every branch; keeps runs fast
  ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    "$build/tests/fuzz/fuzz_$t" -max_total_time="$secs" -max_len=8192 -timeout=20 -print_final_stats=1 \
    -artifact_prefix="$build/crashes/${t}-" "$build/corpus/$t" "$seeds/$t" \
    >"$build/fuzz_$t.log" 2>&1 || status=1
  grep -E "^(stat::number_of_executed_units|stat::new_units_added)|ERROR|SUMMARY" "$build/fuzz_$t.log" || true
done
ls "$build/crashes" | sed 's/^/crash: /'
exit $status
