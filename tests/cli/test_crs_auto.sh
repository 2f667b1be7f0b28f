#!/bin/sh
# The automatic working CRS of lon/lat units (io/readers/crs_choose.c):
# centred on the data with longitudes averaged on the circle, so data across
# the antimeridian (the Aleutians in the us-atlas counties; a synthetic
# archipelago around 180 degrees) get a centre among them, and a warning when
# the projection scales lengths by more than 3% somewhere in the data.
set -u
: "${RN:?}" "${RN_TMP:?}" "${RN_DATA:?}"
T=$RN_TMP
rm -rf "$T" && mkdir -p "$T"
fails=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fails=$((fails + 1)); }
# param NAME JSON: a parameter of the working CRS that inspect --json reports
param() { jq -r .units.crs_wkt "$2" | grep -o "PARAMETER\[\"$1\",[-0-9.]*" | sed 's/.*,//'; }
# within X LO HI
within() { awk -v x="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(x >= lo && x <= hi) }'; }

# every county of the us-atlas file (Alaska's Aleutians cross 180 degrees;
# Guam and American Samoa are far out) but Falls Church (no polygon at 1:10M)
ogr2ogr -f GPKG "$T/us.gpkg" "$RN_DATA/us/us-atlas-3.0.1_2017/counties-10m.json" counties \
  -nln counties -where "id <> '51610'" -a_srs EPSG:4326 2>/dev/null || bad "ogr2ogr us-atlas"
printf 'o,d,v\n01001,01003,5\n' >"$T/f.csv"
"$RN" inspect --units "$T/us.gpkg" --id id --flows "$T/f.csv" --json >"$T/us.json" 2>"$T/us.err" ||
  bad "inspect us-atlas: $(tail -1 "$T/us.err")"
lon=$(param "Longitude of natural origin" "$T/us.json")
lat=$(param "Latitude of natural origin" "$T/us.json")
within "$lon" -100 -85 && within "$lat" 33 43 && ok "US centred in the US ($lon, $lat)" ||
  bad "US centre $lon, $lat: not in the conterminous US"
grep -q "warning: the automatic projection .* scales lengths by 0\.[0-9]* to 1\.[0-9]*" "$T/us.err" &&
  ok "US with Guam and Samoa: distortion warned ($(grep -o 'by [0-9.]* to [0-9.]*' "$T/us.err"))" ||
  bad "US: no distortion warning"

# the conterminous states alone: within 3% everywhere, no warning
ogr2ogr -f GPKG "$T/conus.gpkg" "$T/us.gpkg" counties -nln counties \
  -where "substr(id, 1, 2) NOT IN ('02', '15', '60', '66', '69', '72', '78')" 2>/dev/null
"$RN" inspect --units "$T/conus.gpkg" --id id --flows "$T/f.csv" --json >"$T/conus.json" 2>"$T/conus.err" ||
  bad "inspect conus: $(tail -1 "$T/conus.err")"
grep -q "automatic projection" "$T/conus.err" && bad "conterminous US: a warning" ||
  ok "conterminous US: no distortion warning"

# an archipelago across 180 degrees: 1-degree squares from 170E to 170W
{
  echo '{"type":"FeatureCollection","features":['
  sep=
  for x in 170 173 176 179 -178 -175 -172; do
    x1=$((x + 1))
    printf '%s{"type":"Feature","properties":{"code":"c%s"},"geometry":{"type":"Polygon","coordinates":[[[%s,-17],[%s,-17],[%s,-16],[%s,-16],[%s,-17]]]}}\n' \
      "$sep" "$x" "$x" "$x1" "$x1" "$x" "$x"
    sep=,
  done
  echo ']}'
} >"$T/isl.geojson"
printf 'o,d,v\nc170,c173,5\n' >"$T/fi.csv"
"$RN" inspect --units "$T/isl.geojson" --id code --flows "$T/fi.csv" --json >"$T/isl.json" 2>"$T/isl.err" ||
  bad "inspect archipelago: $(tail -1 "$T/isl.err")"
lon=$(param "Longitude of natural origin" "$T/isl.json")
within "$lon" 179 180 || within "$lon" -180 -179 && ok "archipelago centred at 180 ($lon)" ||
  bad "archipelago centre $lon, not near 180"
grep -q "automatic projection" "$T/isl.err" && bad "archipelago (20 degrees): a warning" ||
  ok "archipelago: no distortion warning"
# 4 degrees across 180: one UTM zone (60 south), not the far side of the Earth
{
  echo '{"type":"FeatureCollection","features":['
  printf '{"type":"Feature","properties":{"code":"a"},"geometry":{"type":"Polygon","coordinates":[[[178,-17],[180,-17],[180,-16],[178,-16],[178,-17]]]}},\n'
  printf '{"type":"Feature","properties":{"code":"b"},"geometry":{"type":"Polygon","coordinates":[[[-180,-17],[-178,-17],[-178,-16],[-180,-16],[-180,-17]]]}}\n'
  echo ']}'
} >"$T/fiji.geojson"
printf 'o,d,v\na,b,5\n' >"$T/ff.csv"
"$RN" inspect --units "$T/fiji.geojson" --id code --flows "$T/ff.csv" --json >"$T/fiji.json" 2>"$T/fiji.err" ||
  bad "inspect fiji: $(tail -1 "$T/fiji.err")"
epsg=$(jq -r .units.epsg "$T/fiji.json")
[ "$epsg" = 32760 ] && ok "4 degrees across 180: UTM 60S (EPSG:$epsg)" || bad "4 degrees across 180: EPSG:$epsg, want 32760"

echo "$fails failure(s)"
[ "$fails" -eq 0 ]
