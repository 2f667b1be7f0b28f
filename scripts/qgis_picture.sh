#!/bin/sh
# The README's picture of the QGIS plugin, taken from the real QGIS desktop
# under Xvfb: the plugin installed into a temporary profile
# (scripts/install_qgis_plugin.sh), QGIS started on it with
# scripts/qgis_picture.py, which runs regionet:delineate on the Korean data,
# opens the algorithm's dialog beside the map canvas and grabs the screen.
# Usage: scripts/qgis_picture.sh [OUT.png]   (default scripts/img/qgis_plugin.png)
# Needs: qgis python3-qgis qgis-providers xvfb xauth python3-pil (installed here when
# missing), a build.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$here/scripts/img/qgis_plugin.png}
missing=""
for p in qgis python3-qgis qgis-providers xvfb xauth python3-pil; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/regionet-picture.XXXXXX")
trap 'rm -rf "$T"' EXIT
sh "$here/scripts/install_qgis_plugin.sh" --plugins "$T/profiles/default/python/plugins" --prefix "$T/prefix" >/dev/null
# a profile that starts without the first-run and news pages
cat >>"$T/profiles/default/QGIS/QGIS3.ini" <<'INI'
[qgis]
checkVersion=false
showTips322=false
allowVersionCheck=false
[core]
NewsFeed\httpsfeedqgisorg\disabled=true
INI
mkdir -p "$T/xdg" && chmod 700 "$T/xdg"
mkdir -p "$(dirname "$out")"
raw=$T/screen.png
XDG_RUNTIME_DIR=$T/xdg RN_PIC_OUT=$raw RN_PIC_DATA=$here/datasets RN_PIC_WORK=$T \
  timeout 90 xvfb-run -a -s "-screen 0 2000x1100x24" \
  qgis.bin --profiles-path "$T" --nologo --noversioncheck --code "$here/scripts/qgis_picture.py" \
  >"$T/qgis.out" 2>&1 || true
cat "$T/picture.log" 2>/dev/null || true
[ -s "$raw" ] || { echo "qgis_picture.sh: no screenshot taken (QGIS output below)"; tail -20 "$T/qgis.out"; exit 1; }
# 256 colours (the screen has fewer distinct ones that matter): a third of the size
/usr/bin/python3 -c 'import sys; from PIL import Image
Image.open(sys.argv[1]).convert("RGB").quantize(256, dither=Image.Dither.NONE).save(sys.argv[2], optimize=True)' \
  "$raw" "$T/small.png"
mv "$T/small.png" "$out"
echo "wrote $out"
