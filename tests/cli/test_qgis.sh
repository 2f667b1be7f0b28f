#!/bin/sh
# The Korean output opened in real QGIS (Debian's python3-qgis, headless):
# layers valid, CRS EPSG:5179, counts and fields, default styles applied on
# load, and the map rendered to a PNG (build tree; a small copy is the
# README's picture when RN_UPDATE_PICTURE=1); the same for a bootstrap. Exit 77 (ctest SKIP) only when
# QGIS is missing and cannot be installed here.
set -u
T="$RN_TMP"
rm -rf "$T" && mkdir -p "$T"
PY=/usr/bin/python3
if ! QT_QPA_PLATFORM=offscreen $PY -c 'import qgis.core' 2>/dev/null; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "installing python3-qgis qgis-providers"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      python3-qgis qgis-providers >/dev/null 2>&1 ||
      { DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
          python3-qgis qgis-providers >/dev/null 2>&1; }
  fi
  if ! QT_QPA_PLATFORM=offscreen $PY -c 'import qgis.core' 2>/dev/null; then
    echo "SKIP: QGIS Python bindings (python3-qgis) are not installed and cannot be installed here"
    exit 77
  fi
fi
G="$T/korea.gpkg"
"$RN" delineate --units "$RN_DATA/kr/KR_SiGun.gpkg" --id SiGun_CD --name SiGun_NM \
  --mass population --flows "$RN_DATA/kr/OD_SiGun_long.csv" --cores "11;21+26;22;24;25+29" \
  -q -o "$G" || exit 1
n() { sqlite3 "$G" "select count(*) from $1"; }
counts="units=159,metro=5,urban=$(n urban),life=$(n life),urban_areas=$(n urban_areas),cores=$(n cores),links=$(n links)"
echo "expecting $counts"
set -- "$G" "$T/korea.png" 5179 "$counts"
[ "${RN_UPDATE_PICTURE:-0}" = 1 ] && set -- "$@" "$RN_TESTS/../scripts/img/korea.png"
export QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$T/xdg"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
$PY "$RN_TESTS/cli/qgis_check.py" "$@" || exit 1
# a bootstrap's units (by confidence) and boundaries (by strength), styled on
# load; the README's picture is 1000 replicates of a 1% sample
B="$T/korea_boot.gpkg" R=200
[ "${RN_UPDATE_PICTURE:-0}" = 1 ] && R=1000
"$RN" bootstrap --units "$RN_DATA/kr/KR_SiGun.gpkg" --id SiGun_CD --name SiGun_NM \
  --mass population --flows "$RN_DATA/kr/OD_SiGun_long.csv" --cores "11;21+26;22;24;25+29" \
  --replicates $R --seed 1 --sample-fraction 0.01 -q -o "$B" || exit 1
set -- "$B" metro "$T/korea_boot.png"
[ "${RN_UPDATE_PICTURE:-0}" = 1 ] && set -- "$@" "$RN_TESTS/../scripts/img/korea_bootstrap.png"
$PY "$RN_TESTS/cli/qgis_bootstrap.py" "$@" || exit 1
# a level of more than 500 regions (US life zones) is coloured by expression
G="$T/us.gpkg"
"$RN" delineate --units "$RN_DATA/us/us_counties_2000.gpkg" --units-layer counties --id fips \
  --name name --mass population --flows "$RN_DATA/us/flows_us_county_2000_on2017.csv" -q -o "$G" ||
  exit 1
counts="units=3107,metro=$(n metro),urban=$(n urban),life=$(n life),urban_areas=$(n urban_areas),cores=$(n cores),links=$(n links)"
echo "expecting $counts"
[ "$(n life)" -gt 500 ] || { echo "FAIL: US life zones ($(n life)) no longer above 500"; exit 1; }
$PY "$RN_TESTS/cli/qgis_check.py" "$G" "$T/us.png" 5070 "$counts"
