#!/bin/sh
# Install the QGIS plugin regionet (engine/bindings/qgis/regionet_qgis: the
# Processing provider "regionet") into a QGIS profile and enable it.
#   0. the Debian packages it needs, when missing (apt-get; sudo when not root):
#      python3-qgis python3-pip python3-setuptools python3-wheel, and those of
#      the build (scripts/setup.sh) when there is no build yet;
#   1. the library: PREFIX/lib/libregionet.so.0, installed from the build
#      directory (cmake --install; built by scripts/setup.sh when there is
#      neither a build nor an installed library);
#   2. the plugin folder PLUGINS/regionet_qgis (replaced as a whole), with the
#      regionet Python package inside it (ext/, pip offline, as
#      scripts/install_python.sh) and the library's path (library.txt), so
#      QGIS needs no PYTHONPATH or LD_LIBRARY_PATH;
#   3. enabled in the profile's QGIS/QGIS3.ini ([PythonPlugins]).
# Restart QGIS afterwards: "regionet" is then in the Processing Toolbox, and
# qgis_process lists regionet:delineate, :sweep, :compare, :inspect.
# Usage: scripts/install_qgis_plugin.sh [--plugins DIR] [--prefix P] [--build DIR]
#   --plugins  the profile's plugin folder
#              (default ~/.local/share/QGIS/QGIS3/profiles/default/python/plugins)
#   --prefix   where libregionet is or goes (default /usr/local as root, else ~/.local)
#   --build    the build directory to install it from (default ./build)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
plugins=${HOME}/.local/share/QGIS/QGIS3/profiles/default/python/plugins
prefix=/usr/local
[ "$(id -u)" -eq 0 ] || prefix=$HOME/.local
build=$here/build
while [ $# -gt 0 ]; do
  case $1 in
    --plugins) plugins=$2; shift 2 ;;
    --prefix) prefix=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "install_qgis_plugin.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
PY=/usr/bin/python3
pkgs="python3-qgis python3-pip python3-setuptools python3-wheel"
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "install_qgis_plugin.sh: installing$missing"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
lib=$prefix/lib/libregionet.so.0
if [ ! -f "$build/CMakeCache.txt" ] && [ ! -e "$lib" ]; then
  sh "$here/scripts/setup.sh" "$build"  # nothing built nor installed yet
fi
if [ -f "$build/CMakeCache.txt" ]; then  # the build's library, as up to date as the build
  cmake --install "$build" --prefix "$prefix" >/dev/null
  echo "libregionet installed into $prefix"
fi
lib=$(cd "$(dirname "$lib")" && pwd)/libregionet.so.0

mkdir -p "$plugins"
plugins=$(cd "$plugins" && pwd)
dest=$plugins/regionet_qgis
new=$plugins/.regionet_qgis.new.$$
trap 'rm -rf "$new"' EXIT
cp -r "$here/engine/bindings/qgis/regionet_qgis" "$new"
find "$new" -name __pycache__ -prune -exec rm -rf {} +
sh "$here/scripts/install_python.sh" --target "$new/ext" >/dev/null
printf '%s\n' "$lib" >"$new/library.txt"
# the package and the library must load before the plugin is put in place
REGIONET_LIBRARY=$lib PYTHONPATH=$new/ext $PY -c 'import regionet; regionet.version()'
rm -rf "$dest"
mv "$new" "$dest"

# enable it in the profile (profiles/NAME/python/plugins -> profiles/NAME/QGIS/QGIS3.ini)
profile=$(dirname "$(dirname "$plugins")")
mkdir -p "$profile/QGIS"
$PY - "$profile/QGIS/QGIS3.ini" <<'PYEOF'
import sys
from qgis.PyQt.QtCore import QSettings
s = QSettings(sys.argv[1], QSettings.IniFormat)
s.setValue("PythonPlugins/regionet_qgis", True)
s.sync()
sys.exit(0 if s.status() == QSettings.NoError else 1)
PYEOF
echo "regionet QGIS plugin installed into $dest and enabled in $profile/QGIS/QGIS3.ini (library $lib)"
