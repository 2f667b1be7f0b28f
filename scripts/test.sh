#!/bin/sh
# Install, build, and run the whole test suite.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
# jq reads the JSON outputs in tests; QGIS opens the outputs headless in test_qgis;
# test_postgis runs a throwaway PostgreSQL/PostGIS cluster
RN_EXTRA_PKGS="jq python3-qgis qgis-providers postgresql postgresql-postgis" "$here/scripts/setup.sh" "$build"
cd "$build"
ctest --output-on-failure -j"$(nproc)" --timeout 600
# A second build with ASan+UBSan runs the same suite (about 2 minutes more on
# 2 cores; the normal suite takes under a minute).
sh "$here/scripts/test_sanitize.sh" "$here/build-asan"
