#!/bin/sh
# Derive the US county inputs regionet's tests and benchmarks use from the
# bundled public files (see datasets/README.md, "us/ derived"):
#   datasets/us/us_counties_2000.gpkg  3,107 conterminous counties (us-atlas 2017
#       polygons, EPSG:5070 Conus Albers, made valid) with 2000 population, FIPS
#       as in the 2000 flows (46102 -> 46113, Shannon County's code in 2000);
#   datasets/us/flows_us_county_2000_on2017.csv  the 2000 flows with the three
#       independent cities that have no polygon of their own at 1:10M recoded into
#       the county around them: 51515 Bedford city -> 51019, 51560 Clifton Forge
#       -> 51005, 51610 Falls Church (empty geometry at 1:10M) -> 51059 Fairfax;
#       flows between a city and its county become internal and are dropped, as
#       the file holds inter-county flows only.
# Broomfield (08014, created 2001) and Monroe FL (12087) are missing from the
# 2000 mass table: their population is 0 and they have no flows.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
us="$here/datasets/us"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ogr2ogr -f CSV "$tmp/mass.csv" "$us/counties_2000_mass.csv" -oo AUTODETECT_TYPE=NO
ogr2ogr -f GPKG "$tmp/atlas.gpkg" "$us/us-atlas-3.0.1_2017/counties-10m.json" counties \
  -nln atlas -makevalid -s_srs EPSG:4326 -t_srs EPSG:5070 -nlt PROMOTE_TO_MULTI
ogr2ogr -f GPKG "$tmp/atlas.gpkg" -update "$tmp/mass.csv" -nln mass
rm -f "$us/us_counties_2000.gpkg"
ogr2ogr -f GPKG "$us/us_counties_2000.gpkg" "$tmp/atlas.gpkg" -dialect SQLite -nln counties \
  -nlt MULTIPOLYGON -sql "
  SELECT CASE a.id WHEN '46102' THEN '46113' ELSE a.id END AS fips,
         a.name AS name,
         CAST(COALESCE(m.population, 0) AS INTEGER) AS population,
         a.geom AS geom
  FROM atlas a
  LEFT JOIN mass m ON m.fips = CASE a.id WHEN '46102' THEN '46113' ELSE a.id END
  WHERE substr(a.id, 1, 2) NOT IN ('02', '15', '60', '66', '69', '72', '78')
    AND a.id <> '51610'
  ORDER BY fips"
awk -F, 'BEGIN { OFS = ","; m["51515"] = "51019"; m["51560"] = "51005"; m["51610"] = "51059" }
  NR == 1 { print; next }
  { if ($1 in m) $1 = m[$1]; if ($2 in m) $2 = m[$2]; if ($1 != $2) print }' \
  "$us/flows_us_county_2000_intercounty.csv" > "$us/flows_us_county_2000_on2017.csv"
echo "wrote $us/us_counties_2000.gpkg and $us/flows_us_county_2000_on2017.csv"
