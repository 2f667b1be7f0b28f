#!/bin/sh
# Valgrind memcheck on the CLI end to end (inspect and delineate on the
# Korean data) with --leak-check=full. Fails when memcheck finds an error or
# a definite/indirect leak whose stack passes through regionet's own code.
# Uses build/ (scripts/setup.sh builds it). Usage: scripts/valgrind.sh [build-dir]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
"$here/scripts/setup.sh" "$build"
# its own tools, beyond what scripts/setup.sh installs for the build and tests
for p in valgrind; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || {
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$p" >/dev/null
  }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
K=$here/datasets/kr
status=0
vg() {
  tag=$1
  shift
  valgrind --tool=memcheck --leak-check=full --show-leak-kinds=definite,indirect \
    --errors-for-leak-kinds=definite,indirect --error-exitcode=99 --num-callers=30 \
    --log-file="$tmp/$tag.log" "$build/regionet" "$@" >/dev/null 2>"$tmp/$tag.err"
  rc=$?
  errs=$(grep -E "ERROR SUMMARY" "$tmp/$tag.log" | sed 's/^==[0-9]*== //')
  lost=$(grep -E "definitely lost|indirectly lost" "$tmp/$tag.log" | sed 's/^==[0-9]*== *//' | tr '\n' ' ')
  echo "$tag: exit $rc; $errs; $lost"
  # our own frames: sources under engine/, io/, algorithms/
  if [ $rc -ne 0 ] && grep -qE "\((engine|io|algorithms|app_|main\.c)|by 0x[0-9A-F]+: rn_" "$tmp/$tag.log"; then
    echo "$tag: memcheck errors or leaks in regionet's code:" >&2
    cat "$tmp/$tag.log" >&2
    status=1
  elif [ $rc -ne 0 ] && [ $rc -ne 99 ]; then
    echo "$tag: the run failed: $(cat "$tmp/$tag.err")" >&2
    status=1
  fi
}
vg inspect inspect --units "$K/KR_SiGun.gpkg" --id SiGun_CD --name SiGun_NM --flows "$K/OD_SiGun_long.csv"
vg delineate delineate --units "$K/KR_SiGun.gpkg" --id SiGun_CD --name SiGun_NM --mass population \
  --flows "$K/OD_SiGun_long.csv" --cores "11;21+26;22;24;25+29" -o "$tmp/korea.gpkg" -q
exit $status
