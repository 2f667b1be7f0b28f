#!/bin/sh
# Install the Debian packages regionet needs (idempotent, non-interactive) and build it.
# Usage: scripts/setup.sh [build-dir]   (as root, or with sudo available)
# RN_EXTRA_PKGS adds packages (the test suite's: jq, QGIS's Python bindings).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}

pkgs="build-essential cmake pkg-config gdal-bin libgdal-dev libgeos-dev libproj-dev \
libigraph-dev libgsl-dev libjansson-dev libssl-dev libsqlite3-dev libpq-dev sqlite3 libunistring-dev libcairo2-dev fonts-dejavu-core ca-certificates ${RN_EXTRA_PKGS:-}"

missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "setup: installing$missing"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)"
