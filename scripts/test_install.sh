#!/bin/sh
# What a user of the installed regionet does, from a build directory:
#   1. cmake --install into a temporary prefix;
#   2. build engine/examples/delineate.c out of tree against that prefix, once
#      through pkg-config and once through find_package(regionet), and run
#      both on the bundled Brindisi data (9 labour market areas, as Istat's);
#   3. install the Python package (engine/bindings/python) with pip, offline,
#      and run its tests with pytest against the installed library.
# Usage: scripts/test_install.sh [build-dir]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
T=$(mktemp -d "${TMPDIR:-/tmp}/regionet-install.XXXXXX")
trap 'rm -rf "$T"' EXIT
P=$T/prefix
cmake --install "$build" --prefix "$P" >/dev/null
echo "installed into $P"

check_brindisi() { # OUT.gpkg: 9 areas in the ttwa layer
  n=$(ogrinfo -ro -so "$1" ttwa | awk -F': ' '/Feature Count/ {print $2}')
  [ "$n" = 9 ] || { echo "FAIL: $1: $n areas, want 9"; exit 1; }
}

# pkg-config
export PKG_CONFIG_PATH=$P/lib/pkgconfig
cc -std=c11 -Wall -Wextra -Werror -o "$T/delineate_pc" "$here/engine/examples/delineate.c" \
  $(pkg-config --cflags --libs regionet) -Wl,-rpath,"$P/lib"
"$T/delineate_pc" "$here/datasets/it" "$T/pc.gpkg" >"$T/pc.log"
check_brindisi "$T/pc.gpkg"
echo "ok: example through pkg-config: $(head -1 "$T/pc.log"), 9 areas"

# find_package
cmake -S "$here/engine/examples" -B "$T/ex" -DCMAKE_PREFIX_PATH="$P" >/dev/null
cmake --build "$T/ex" >/dev/null
ldd "$T/ex/delineate" | grep -q "libregionet.so.0 => $P/lib/" ||
  { echo "FAIL: the find_package build does not use $P/lib/libregionet.so.0"; exit 1; }
"$T/ex/delineate" "$here/datasets/it" "$T/cm.gpkg" >"$T/cm.log"
check_brindisi "$T/cm.gpkg"
echo "ok: example through find_package, 9 areas"

# Python: Debian's python3 (not a pyenv shim), installed offline into the prefix
PY=/usr/bin/python3
sh "$here/scripts/install_python.sh" "$P" >/dev/null
export PATH="$P/bin:$PATH"
export PYTHONPATH="$P/python"
export RN_DATA="$here/datasets" RN_BIN="$P/bin/regionet"
cd "$T"
$PY -c "import regionet, sys; print('python package', regionet.__version__, 'over', regionet.library_path())"
# pytest exits 5 when it collects no tests: that fails too (set -e)
$PY -m pytest -q -p no:cacheprovider "$here/engine/bindings/python/tests"
