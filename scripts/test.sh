#!/bin/sh
# Install, build, and run the whole test suite.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
# jq reads the JSON outputs in tests; QGIS opens the outputs headless in test_qgis;
# pip, setuptools, wheel, pytest and GeoPandas install and test the Python package;
# Chromium opens the HTML report headless in test_report; test_postgis runs a
# throwaway PostgreSQL/PostGIS cluster
RN_EXTRA_PKGS="jq python3-qgis qgis-providers qgis python3-pip python3-setuptools python3-wheel \
python3-pytest python3-geopandas chromium postgresql postgresql-postgis" "$here/scripts/setup.sh" "$build"
cd "$build"
ctest --output-on-failure -j"$(nproc)" --timeout 600
# the installed library as its users see it: the C example built out of tree
# (pkg-config, find_package) and the Python package's tests
sh "$here/scripts/test_install.sh" "$build"
# A second build with ASan+UBSan runs the same suite (about 2 minutes more on
# 2 cores; the normal suite takes under a minute).
sh "$here/scripts/test_sanitize.sh" "$here/build-asan"
