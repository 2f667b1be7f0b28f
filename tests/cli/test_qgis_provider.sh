#!/bin/sh
# The QGIS plugin (engine/bindings/qgis) as a user installs it: the library
# into a temporary prefix and the plugin into a temporary profile with
# scripts/install_qgis_plugin.sh, then, in real QGIS (Debian's python3-qgis,
# headless), regionet:delineate / sweep / compare / inspect against the
# CLI's results on the Korean data (tests/cli/qgis_provider_check.py), and the
# same delineation through qgis_process when it is installed.
# Exit 77 (ctest SKIP) when QGIS's Python bindings cannot be imported, and in
# the sanitizer build.
set -u
T="$RN_TMP"
rm -rf "$T" && mkdir -p "$T"
PY=/usr/bin/python3
export QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$T/xdg"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
if ! $PY -c 'import qgis.core' 2>/dev/null; then
  echo "SKIP: QGIS Python bindings (python3-qgis) cannot be imported"
  exit 77
fi
here=$(cd "$RN_TESTS/.." && pwd)
build=$(dirname "$RN")
# QGIS is not built with AddressSanitizer: it cannot load a library that is
# (the sanitizer build runs every other test; this one runs in the normal build)
if ldd "$RN" 2>/dev/null | grep -q 'libasan'; then
  echo "SKIP: a sanitizer build; QGIS cannot load an instrumented libregionet"
  exit 77
fi
# the profile root QGIS_CUSTOM_CONFIG_PATH names (its profiles/default)
CFG="$T/qgis"
PROFILE="$CFG/profiles/default"
sh "$here/scripts/install_qgis_plugin.sh" --plugins "$PROFILE/python/plugins" --prefix "$T/prefix" \
  --build "$build" || { echo "FAIL: install_qgis_plugin.sh"; exit 1; }
grep -qx 'regionet_qgis=true' "$PROFILE/QGIS/QGIS3.ini" ||
  { echo "FAIL: the plugin is not enabled in $PROFILE/QGIS/QGIS3.ini"; exit 1; }

# the CLI's results to compare with
KR="$RN_DATA/kr"
set -- --units "$KR/KR_SiGun.gpkg" --id SiGun_CD --name SiGun_NM --mass population \
  --flows "$KR/OD_SiGun_long.csv" --cores "11;21+26;22;24;25+29"
W="$T/work"
mkdir -p "$W"
"$RN" delineate "$@" -q -o "$W/cli.gpkg" || exit 1
"$RN" sweep "$@" --thresholds 0.05,0.1,0.2 --json -o "$W/cli_sweep.gpkg" >"$W/cli_sweep.json" || exit 1
"$RN" compare "$W/cli.gpkg:units:urban_id" "$W/cli.gpkg:units:life_id" --json >"$W/cli_compare.json" || exit 1
"$RN" delineate --units "$RN_DATA/it/shpBrindisi.gpkg" --id PRO_COM --name NOME_COM --mass POP2001 \
  --flows "$RN_DATA/it/Brindisi_flows.csv" --method ttwa --compat istat -q -o "$W/cli_ttwa.gpkg" || exit 1
"$RN" inspect --units "$KR/KR_SiGun.gpkg" --id SiGun_CD --name SiGun_NM --mass population \
  --flows "$KR/OD_SiGun_long.csv" --json >"$W/cli_inspect.json" 2>/dev/null || exit 1
"$RN" inspect --units "$KR/KR_SiGun.gpkg" --id SiGun_CD --name SiGun_NM --mass population \
  --flows "$KR/OD_SiGun_long.csv" >"$W/cli_inspect.txt" 2>/dev/null || exit 1
"$RN" delineate --units "$KR/KR_SiGun.gpkg" --id SiGun_NM --name SiGun_NM --mass population \
  --flows "$KR/OD_SiGun_long.csv" -q -o "$W/bad.gpkg" 2>"$W/bad_field.txt" &&
  { echo "FAIL: --id SiGun_NM should fail"; exit 1; }
rm -f "$W/bad.gpkg"

$PY "$RN_TESTS/cli/qgis_provider_check.py" "$PROFILE" "$RN_DATA" "$W" || exit 1

# qgis_process (Debian's package qgis): the same parameter names, the CLI's
# layers. Debian 12's /usr/bin/qgis_process wrapper passes --noversioncheck,
# which qgis_process 3.22 refuses; its qgis_process.bin is the program.
QP=""
for c in qgis_process.bin qgis_process; do
  command -v "$c" >/dev/null && QP=$c && break
done
if [ -z "$QP" ]; then
  echo "qgis_process not installed: its run is skipped"
  exit 0
fi
export QGIS_CUSTOM_CONFIG_PATH="$CFG"
$QP list 2>/dev/null | grep -q 'regionet:delineate' ||
  { echo "FAIL: qgis_process does not list regionet:delineate"; exit 1; }
$QP run regionet:delineate --json -- UNITS="$KR/KR_SiGun.gpkg" ID=SiGun_CD NAME=SiGun_NM MASS=population \
  FLOWS="$KR/OD_SiGun_long.csv" "CORES=11;21+26;22;24;25+29" OUTPUT="$W/qp.gpkg" >"$W/qgis_process.json" 2>"$W/qp.err" ||
  { echo "FAIL: qgis_process run"; cat "$W/qp.err"; exit 1; }
$PY -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; assert r["LEVELS"] == "metro,urban,life", r' \
  "$W/qgis_process.json" || { echo "FAIL: qgis_process results"; exit 1; }
for t in units metro urban life urban_areas cores links; do
  [ "$(sqlite3 "$W/qp.gpkg" "select * from $t" | md5sum)" = "$(sqlite3 "$W/cli.gpkg" "select * from $t" | md5sum)" ] ||
    { echo "FAIL: qgis_process: layer $t differs from the CLI's"; exit 1; }
done
echo "ok   qgis_process run regionet:delineate: every layer = the CLI's"
