#!/bin/sh
# The GIS outputs of `delineate` on the Korean data: layers and counts, the
# links checked against an independent count from the flows CSV, QGIS default
# styles, provenance, other formats, --lco/--dsco, and the safety rules
# (existing outputs refused, nothing left behind by a failed run).
set -u
T="$RN_TMP"
rm -rf "$T" && mkdir -p "$T"
fails=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fails=$((fails + 1)); }
check() { if [ "$2" = "$3" ]; then ok "$1 ($2)"; else bad "$1: got '$2', expected '$3'"; fi; }
q() { sqlite3 "$1" "$2"; }
FLOWS="$RN_DATA/kr/OD_SiGun_long.csv"
run() {
  "$RN" delineate --units "$RN_DATA/kr/KR_SiGun.gpkg" --id SiGun_CD --name SiGun_NM \
    --mass population --flows "$FLOWS" --cores "11;21+26;22;24;25+29" -q "$@"
}

# ------------------------------------------------------------- GeoPackage
G="$T/korea.gpkg"
run -o "$G" || bad "delineate to GeoPackage"
layers=$(ogrinfo -ro -q -nomd "$G" | sed 's/^[0-9]*: \([a-z_]*\).*/\1/' | tr '\n' ' ')
check "layers" "$layers" "units metro urban life urban_areas cores links balance balance_regions layer_styles "
check "units" "$(q "$G" 'select count(*) from units')" 159
check "metro regions" "$(q "$G" 'select count(*) from metro')" 5
check "urban_areas = metro + urban" "$(q "$G" 'select count(*) from urban_areas')" \
  "$(q "$G" 'select (select count(*) from metro) + (select count(*) from urban)')"
check "urban_areas types" "$(q "$G" "select group_concat(type || ':' || n, ' ') from (select type, count(*) n from urban_areas group by type order by type)")" \
  "metropolitan:5 small_medium:$(q "$G" 'select count(*) from urban')"
check "cores = core units of every level" "$(q "$G" 'select count(*) from cores')" \
  "$(q "$G" "select (select count(*) from units where metro_role='core') + (select count(*) from units where urban_role='core') + (select count(*) from units where life_role='core')")"
# links: pairs i != j with T_ij / (O_i - T_ii) >= 5% (the `out` denominator the
# run reports), counted from the CSV itself
want=$(awk -F, 'NR > 1 { gsub(/"/, ""); o[$1] += $3; if ($1 == $2) d[$1] += $3; n++; a[n] = $1; b[n] = $2; v[n] = $3 }
  END { c = 0; for (k = 1; k <= n; k++) if (a[k] != b[k] && o[a[k]] - d[a[k]] > 0 && v[k] / (o[a[k]] - d[a[k]]) >= 0.05 - 1e-12) c++; print c }' "$FLOWS")
check "links = pairs with share >= 5% (awk)" "$(q "$G" 'select count(*) from links')" "$want"
check "links classes" "$(q "$G" 'select group_concat(class, " ") from (select distinct class from links order by class)')" "0.05 0.1 0.2"
check "link class is the largest threshold met" "$(q "$G" 'select count(*) from links where not ((class = 0.2 and share >= 0.2 - 1e-12) or (class = 0.1 and share >= 0.1 - 1e-12 and share < 0.2 - 1e-12) or (class = 0.05 and share < 0.1 - 1e-12))')" 0
check "CRS" "$(q "$G" "select distinct organization || ':' || organization_coordsys_id from gpkg_geometry_columns join gpkg_spatial_ref_sys using (srs_id)")" "EPSG:5179"
# spatial index: packed by regionet, it must hold what GDAL's own build holds
ogr2ogr -f GPKG "$T/gdal_index.gpkg" "$G" units metro life cores links
for l in units metro life cores links; do
  check "$l: rtreecheck" "$(q "$G" "select rtreecheck('rtree_${l}_geom')")" ok
  check "$l: index entries = GDAL's index of a copy" \
    "$(q "$G" "select * from rtree_${l}_geom order by id" | md5sum)" \
    "$(q "$T/gdal_index.gpkg" "select * from rtree_${l}_geom order by id" | md5sum)"
  check "$l: one entry per feature" "$(q "$G" "select count(*) from rtree_${l}_geom")" \
    "$(q "$G" "select count(*) from $l where geom is not null")"
done
check "rtree extension rows" "$(q "$G" "select count(*) from gpkg_extensions where extension_name = 'gpkg_rtree_index'")" 7
check "index triggers as GDAL's" "$(q "$G" "select count(*) || ': ' || group_concat(replace(replace(sql, ', ', ','), 'units', 'T'), '|') from (select sql from sqlite_master where type = 'trigger' and tbl_name = 'units' and name like 'rtree%' order by name)")" \
  "$(q "$T/gdal_index.gpkg" "select count(*) || ': ' || group_concat(replace(replace(sql, ', ', ','), 'units', 'T'), '|') from (select sql from sqlite_master where type = 'trigger' and tbl_name = 'units' and name like 'rtree%' order by name)")"
check "spatial filter through the index" "$(ogrinfo -ro -q "$G" units -spat 950000 1900000 1000000 1950000 | grep -c '^OGRFeature')" \
  "$(ogrinfo -ro -q "$T/gdal_index.gpkg" units -spat 950000 1900000 1000000 1950000 | grep -c '^OGRFeature')"
cp "$G" "$T/edit.gpkg"
ogrinfo -q "$T/edit.gpkg" -sql "DELETE FROM units WHERE fid % 3 = 0" >/dev/null
ogrinfo -q "$T/edit.gpkg" -sql "UPDATE units SET fid = fid + 1000 WHERE fid % 3 = 1" >/dev/null
check "index follows edits (triggers)" "$(q "$T/edit.gpkg" "select rtreecheck('rtree_units_geom') || ' ' || (select count(*) from rtree_units_geom) || ' ' || (select count(*) from units)")" "ok 106 106"
run -o "$T/named.gpkg" --lco FID=rid --lco GEOMETRY_NAME=shape || bad "run with FID and geometry names"
check "index of renamed columns" "$(q "$T/named.gpkg" "select rtreecheck('rtree_metro_shape') || ' ' || (select count(*) from rtree_metro_shape where id in (select rid from metro))")" "ok 5"
"$RN" delineate --units "$RN_DATA/kr/KR_SiGun.gpkg" --id SiGun_CD --flows "$FLOWS" --mass population \
  --min-mass 1e12,50000,0 -q -o "$T/empty.gpkg" || bad "run with an empty metro level"
check "empty layer: table and empty index" "$(q "$T/empty.gpkg" "select (select count(*) from metro) || ' ' || rtreecheck('rtree_metro_geom') || ' ' || (select count(*) from rtree_metro_geom)")" "0 ok 0"
check "lowercase ASCII field names" "$(for l in units metro urban_areas cores links; do q "$G" "select name from pragma_table_info('$l')"; done | grep -c '[^a-z0-9_]')" 0
# styles: one default row per layer, found the way QGIS looks them up
check "layer_styles in gpkg_contents" "$(q "$G" "select data_type from gpkg_contents where table_name = 'layer_styles'")" attributes
check "one default style per layer" "$(q "$G" "select count(*) from layer_styles s join gpkg_geometry_columns g on s.f_table_name = g.table_name and s.f_geometry_column = g.column_name where s.useAsDefault = 1 and s.f_table_schema = ''")" 7
check "region style categorised" "$(q "$G" "select count(*) from layer_styles where f_table_name in ('metro','urban','life') and styleQML like '%type=\"categorizedSymbol\" attr=\"region_id\"%' and styleQML like '%fieldName=\"name\"%'")" 3
check "links style graduated by class" "$(q "$G" "select count(*) from layer_styles where f_table_name = 'links' and styleQML like '%type=\"graduatedSymbol\" attr=\"class\"%'")" 1
# provenance: dataset metadata and the sidecar
# in a metadata domain of its own: `ogrinfo OUT` stays short, -mdd shows it
ogrinfo -ro -mdd REGIONET "$G" | grep -q '^  PROVENANCE={' && ok "provenance in metadata domain REGIONET" || bad "provenance metadata"
check "ogrinfo without -mdd: no provenance" "$(ogrinfo -ro "$G" | grep -c 'PROVENANCE\|"command"')" 0
check "ogrinfo OUT is short" "$(ogrinfo -ro "$G" | wc -l | awk '$1 < 20 { print "short" }')" short
check "gpkg_metadata row, GDAL's standard form" "$(q "$G" "select md_scope || ' ' || md_standard_uri || ' ' || mime_type from gpkg_metadata where metadata like '%<Metadata domain=\"REGIONET\">%PROVENANCE%'")" "dataset http://gdal.org text/xml"
J="$T/korea.gpkg.json"
for key in '"command"' '"parameters"' '"denominator": "out"' '"sha256"' '"count": 159' '"versions"' '"run_at"' '"seconds"' '"decisions"' '"levels"'; do
  grep -q "$key" "$J" && ok "sidecar has $key" || bad "sidecar lacks $key"
done

# ------------------------------------------------------- safety rules
run -o "$G" 2>"$T/err" && bad "existing output replaced without --overwrite" || grep -q 'exists' "$T/err" && ok "existing output refused"
rm "$G"
run -o "$G" 2>"$T/err" && bad "existing sidecar replaced without --overwrite" || grep -q 'korea.gpkg.json exists' "$T/err" && ok "existing sidecar refused"
run -o "$G" --overwrite && ok "--overwrite replaces" || bad "--overwrite"
mkdir -p "$T/fail"
run -o "$T/fail/x.gpkg" -f NoSuchDriver 2>/dev/null && bad "bad --format accepted" || ok "bad --format refused"
run -o "$T/fail/x.gpkg" --lco FID=name 2>"$T/err" && bad "a failing write succeeded" || ok "write failing in a layer fails ($(head -c 80 "$T/err"))"
# one file per layer: the point layer `cores` cannot go into a polygon
# Shapefile, after five layers were written; none of them may appear
run -o "$T/fail/x.shp" -f "ESRI Shapefile" --lco SHPT=POLYGON 2>"$T/err" && bad "a failing Shapefile write succeeded" || ok "Shapefile write failing in the 6th layer fails"
check "nothing left after failed runs" "$(ls -A "$T/fail" | tr '\n' ' ')" ""
run -o "$T/fail/y.gpkg" --lco bad 2>/dev/null && bad "--lco without =" || ok "--lco needs KEY=VALUE"

# ------------------------------------------------- --lco / --dsco passthrough
run -o "$T/lco.gpkg" --lco FID=rid --lco SPATIAL_INDEX=NO --dsco VERSION=1.2 || bad "run with --lco/--dsco"
ogrinfo -ro -so -nomd "$T/lco.gpkg" metro | grep -q 'FID Column = rid' && ok "--lco FID=rid" || bad "--lco FID not applied"
check "repeated --lco: no spatial index" "$(q "$T/lco.gpkg" "select count(*) from sqlite_master where name like 'rtree_%'")" 0
check "--dsco VERSION=1.2" "$(q "$T/lco.gpkg" 'pragma user_version')" 10200

# ------------------------------------------------------ single-layer formats
mkdir -p "$T/shp" "$T/gj" "$T/fgb"
run -f "ESRI Shapefile" -o "$T/shp/korea.shp" || bad "Shapefile"
run -f GeoJSON -o "$T/gj/korea.geojson" || bad "GeoJSON"
run -f FlatGeobuf -o "$T/fgb/korea.fgb" || bad "FlatGeobuf"
for f in shp/korea_units.shp shp/korea_units.dbf shp/korea_units.prj shp/korea_units.cpg shp/korea_units.qml \
         shp/korea_links.shp gj/korea_metro.geojson gj/korea_urban_areas.geojson gj/korea_cores.qml \
         fgb/korea_life.fgb fgb/korea_links.fgb shp/korea.shp.json gj/korea.geojson.json fgb/korea.fgb.json; do
  [ -f "$T/$f" ] && ok "$f" || bad "$f missing"
done
check "no temporary files" "$(ls -A "$T/shp" "$T/gj" "$T/fgb" | grep -c 'tmp-')" 0
count() { ogrinfo -ro -so "$1" "$2" | sed -n 's/^Feature Count: //p'; }
check "Shapefile units" "$(count "$T/shp/korea_units.shp" korea_units)" 159
check "Shapefile short names" "$(ogrinfo -ro -so "$T/shp/korea_units.shp" korea_units | grep -oE '^(metro_shr|metro_rsn|metro_rol|life_rol|life_shr|life_rsn):' | tr '\n' ' ')" "metro_rol: metro_shr: metro_rsn: life_rol: life_shr: life_rsn: "
ogrinfo -ro -so "$T/shp/korea_cores.shp" korea_cores | grep -q '^region_nm:' && ok "region_name -> region_nm" || bad "region_nm"
check "GeoJSON links" "$(count "$T/gj/korea_links.geojson" links)" "$want"
check "FlatGeobuf metro" "$(count "$T/fgb/korea_metro.fgb" metro)" 5
ogrinfo -ro -so "$T/fgb/korea_metro.fgb" metro | grep -q 'ID\["EPSG",5179\]' && ok "FlatGeobuf CRS EPSG:5179" || bad "FlatGeobuf CRS"
run -f GeoJSON -o "$T/gj/korea.geojson" 2>"$T/err" && bad "existing GeoJSON replaced" || grep -q 'korea_units.geojson exists' "$T/err" && ok "existing GeoJSON layers refused"
run -f GeoJSON -o "$T/gj/korea.geojson" --overwrite && ok "GeoJSON --overwrite" || bad "GeoJSON --overwrite"

echo "$fails failure(s)"
[ "$fails" -eq 0 ]
