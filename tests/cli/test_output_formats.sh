#!/bin/sh
# Every output driver regionet allows (README "Formats"), chosen from the
# extension as ogr2ogr does or with -f: the exact list of files afterwards
# (side files included, none temporary, no lock), each data file opened by
# ogrinfo with its features, the provenance in the sidecar OUT.EXT.json and,
# where the format keeps dataset metadata (GeoPackage, SQLite's .aux.xml), in
# the metadata domain REGIONET. Drivers that cannot give complete files
# (Memory, KML) and unknown extensions are refused before any work.
set -u
: "${RN:?}" "${RN_TMP:?}" "${RN_TESTS:?}"
B=$RN_TESTS/bad_input
T=$RN_TMP
rm -rf "$T" && mkdir -p "$T"
fails=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fails=$((fails + 1)); }
dl() { "$RN" delineate --units "$B/units.geojson" --id code --name name --mass pop --flows "$B/flows.csv" "$@"; }
LAYERS="units metro urban life urban_areas cores links"
# files DIR: the folder's entries, hidden ones too, on one line
files() { ls -A "$1" | tr '\n' ' '; }
# feats FILE LAYER: feature count as ogrinfo reads it
feats() { ogrinfo -ro -so "$1" "$2" 2>/dev/null | sed -n 's/^Feature Count: //p'; }
units_n=$(ogrinfo -ro -so "$B/units.geojson" units 2>/dev/null | sed -n 's/^Feature Count: //p')
[ -n "$units_n" ] || units_n=$(ogrinfo -ro -al -so "$B/units.geojson" | sed -n 's/^Feature Count: //p')

# one dataset holding every layer
for case in "gpkg GPKG" "sqlite SQLite" "gml GML"; do
  set -- $case
  ext=$1 drv=$2
  D=$T/$ext && mkdir -p "$D"
  dl -q -o "$D/r.$ext" 2>"$T/err" || bad "$drv: $(cat "$T/err")"
  case $ext in
  gpkg) want="r.gpkg r.gpkg.json " ;;
  sqlite) want="r.sqlite r.sqlite.aux.xml r.sqlite.json " ;;
  gml) want="r.gml r.gml.json r.xsd " ;;
  esac
  [ "$(files "$D")" = "$want" ] && ok "$drv from .$ext: $want" || bad "$drv files: '$(files "$D")', want '$want'"
  drv_read=$(ogrinfo -ro "$D/r.$ext" 2>/dev/null | sed -n "s/.*using driver \`\([^']*\)' successful.*/\1/p")
  [ "$drv_read" = "$drv" ] && ok "$drv: ogrinfo opens it with $drv" || bad "$drv: ogrinfo says '$drv_read'"
  n=$(feats "$D/r.$ext" units)
  [ "$n" = "$units_n" ] && ok "$drv: units has $n features" || bad "$drv: units has '$n', want $units_n"
  for l in $LAYERS; do
    ogrinfo -ro -so "$D/r.$ext" "$l" >/dev/null 2>&1 || bad "$drv: no layer $l"
  done
  grep -q '"command"' "$D/r.$ext.json" && ok "$drv: sidecar r.$ext.json" || bad "$drv: sidecar"
done
ogrinfo -ro -mdd REGIONET "$T/gpkg/r.gpkg" | grep -q '^  PROVENANCE={' &&
  ok ".gpkg: provenance in domain REGIONET" || bad ".gpkg: no provenance metadata"
ogrinfo -ro "$T/gpkg/r.gpkg" | grep -q 'PROVENANCE' && bad ".gpkg: provenance in plain ogrinfo" ||
  ok ".gpkg: plain ogrinfo stays short"
# SQLite keeps dataset metadata in GDAL's .aux.xml (which ogrinfo does not show)
grep -A1 '<Metadata domain="REGIONET">' "$T/sqlite/r.sqlite.aux.xml" | grep -q '<MDI key="PROVENANCE">{' &&
  ok ".sqlite: provenance in r.sqlite.aux.xml, domain REGIONET" || bad ".sqlite: no provenance in .aux.xml"
grep -q 'schemaLocation="[^"]* r.xsd"' "$T/gml/r.gml" && ok "GML points to r.xsd, which is there" ||
  bad "GML schema reference: $(grep -o 'schemaLocation="[^"]*"' "$T/gml/r.gml")"

# one file per layer: OUT_LAYER.EXT with its style OUT_LAYER.qml
for case in "shp ESRI_Shapefile" "geojson GeoJSON" "fgb FlatGeobuf"; do
  set -- $case
  ext=$1 drv=$(echo "$2" | tr _ ' ')
  D=$T/$ext && mkdir -p "$D"
  dl -q -o "$D/r.$ext" 2>"$T/err" || bad "$drv: $(cat "$T/err")"
  want=""
  for l in $(echo $LAYERS | tr ' ' '\n' | sort); do
    if [ "$ext" = shp ]; then
      want="${want}r_$l.cpg r_$l.dbf r_$l.prj r_$l.qml r_$l.shp r_$l.shx "
    else
      want="${want}r_$l.$ext r_$l.qml "
    fi
  done
  # the balance tables: attributes only (a .dbf alone for Shapefile), no style
  for l in balance balance_regions; do
    if [ "$ext" = shp ]; then want="${want}r_$l.cpg r_$l.dbf "; else want="${want}r_$l.$ext "; fi
  done
  want=$(echo "r.$ext.json $want" | tr ' ' '\n' | grep . | LC_ALL=C sort | tr '\n' ' ')
  got=$(ls -A "$D" | LC_ALL=C sort | tr '\n' ' ')
  [ "$got" = "$want" ] && ok "$drv from .$ext: every layer and side file" || bad "$drv files: '$got', want '$want'"
  n=$(ogrinfo -ro -so -al "$D/r_units.$ext" 2>/dev/null | sed -n 's/^Feature Count: //p')
  [ "$n" = "$units_n" ] && ok "$drv: r_units.$ext has $n features" || bad "$drv: r_units.$ext has '$n'"
  grep -q '"command"' "$D/r.$ext.json" && ok "$drv: sidecar r.$ext.json" || bad "$drv: sidecar"
done
# two formats with one stem in one folder: their sidecars do not collide
D=$T/both && mkdir -p "$D"
dl -q -o "$D/r.gpkg" && dl -q -o "$D/r.geojson" 2>"$T/err" &&
  [ -f "$D/r.gpkg.json" ] && [ -f "$D/r.geojson.json" ] && ok "r.gpkg and r.geojson side by side" ||
  bad "r.gpkg and r.geojson: $(cat "$T/err")"

# -f overrides the extension
D=$T/f && mkdir -p "$D"
dl -q -o "$D/r.dat" -f GPKG 2>"$T/err" && [ "$(files "$D")" = "r.dat r.dat.json " ] &&
  ogrinfo -ro "$D/r.dat" 2>/dev/null | grep -q "using driver \`GPKG'" && ok "-f GPKG -o r.dat" ||
  bad "-f GPKG -o r.dat: $(files "$D") $(cat "$T/err")"

# refused before any work, nothing written
D=$T/no && mkdir -p "$D"
for case in "-f Memory -o $D/m" "-f KML -o $D/k.kml" "-o $D/k.kml" "-o $D/x.txt" "-f NoSuchDriver -o $D/x.gpkg"; do
  dl $case 2>"$T/err" >/dev/null
  rc=$?
  [ $rc -eq 4 ] && ! grep -q "origin column" "$T/err" && [ -z "$(files "$D")" ] &&
    ok "refused: $case ($(head -c 80 "$T/err"))" || bad "$case: exit $rc, left '$(files "$D")', $(cat "$T/err")"
done

# sweep writes a layer and a table into one dataset: one-file-per-layer formats refused
"$RN" sweep --units "$B/units.geojson" --id code --flows "$B/flows.csv" -o "$D/s.shp" 2>"$T/err" >/dev/null
rc=$?
[ $rc -eq 4 ] && grep -q "one layer per file" "$T/err" && [ -z "$(files "$D")" ] &&
  ok "sweep -o s.shp refused" || bad "sweep -o s.shp: exit $rc, $(cat "$T/err")"

echo "$fails failure(s)"
[ "$fails" -eq 0 ]
