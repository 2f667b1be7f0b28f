#!/bin/sh
# Install, build, and run the main job: metropolitan areas, urban areas and
# life zones of Korea's 159 si/gun from the bundled KTDB trip matrix.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/setup.sh" "$here/build"
out=${1:-$here/out/korea.gpkg}
mkdir -p "$(dirname "$out")"
"$here/build/regionet" delineate \
  --units "$here/datasets/kr/KR_SiGun.gpkg" --id SiGun_CD --name SiGun_NM --mass population \
  --flows "$here/datasets/kr/OD_SiGun_long.csv" \
  --cores "11;21+26;22;24;25+29" --groups "$here/datasets/kr/wide_areas.csv" \
  -o "$out" --overwrite
echo "open $out in QGIS: every layer opens with its style (see README);"
echo "a report to hand on: $here/build/regionet report $out -o ${out%.gpkg}.html"
