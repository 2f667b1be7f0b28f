#!/bin/sh
# Install the Python package regionet (engine/bindings/python) with Debian's
# pip and setuptools, offline (no PyPI): into PREFIX/python when a prefix is
# given (add it to PYTHONPATH; the package finds PREFIX/lib/libregionet.so.0),
# into DIR itself with --target DIR (the QGIS plugin's ext/ folder), else
# into /usr/local/lib/python3.X/dist-packages, on Debian's python3 path.
# Needs: python3-pip python3-setuptools python3-wheel python3-geopandas
# and libregionet installed (cmake --install build [--prefix PREFIX]).
# Usage: scripts/install_python.sh [PREFIX | --target DIR]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
PY=/usr/bin/python3 # Debian's interpreter, whatever else is on PATH
if [ $# -ge 2 ] && [ "$1" = --target ]; then
  target=$2
elif [ $# -ge 1 ]; then
  target=$1/python
else
  target=$($PY -c 'import sys; print("/usr/local/lib/python3.%d/dist-packages" % sys.version_info[1])')
fi
mkdir -p "$target"
# a copy of the sources, so that the checkout gets no build/ or egg-info
src=$(mktemp -d "${TMPDIR:-/tmp}/regionet-py.XXXXXX")
trap 'rm -rf "$src"' EXIT
cp -r "$here/engine/bindings/python/pyproject.toml" "$here/engine/bindings/python/regionet" "$src/"
$PY -m pip install --quiet --no-build-isolation --no-index --no-deps --no-cache-dir --root-user-action=ignore \
  --upgrade --target "$target" "$src"
echo "regionet (Python) installed into $target"
