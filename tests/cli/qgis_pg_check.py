"""Open layers regionet wrote to PostGIS in QGIS (headless) and check that
each comes up valid, in the expected CRS, styled by the default style QGIS
finds in the database's public.layer_styles (not QGIS's plain default).

usage: qgis_pg_check.py "dbname=... host=... user=..." SCHEMA EPSG
Run with Debian's /usr/bin/python3 (python3-qgis) and QT_QPA_PLATFORM=offscreen.
"""
import sys

from qgis.core import QgsApplication, QgsDataSourceUri, QgsVectorLayer

conn, schema, epsg = sys.argv[1], sys.argv[2], sys.argv[3]
RENDERER = {"units": "singleSymbol", "metro": "categorizedSymbol", "life": "categorizedSymbol",
            "urban_areas": "categorizedSymbol", "cores": "categorizedSymbol",
            "links": "graduatedSymbol"}

app = QgsApplication([], False)
app.initQgis()
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


for name, renderer in RENDERER.items():
    uri = QgsDataSourceUri(conn)
    uri.setDataSource(schema, name, "geom", "", "fid")
    lyr = QgsVectorLayer(uri.uri(False), name, "postgres")
    check(lyr.isValid(), f"QGIS: {schema}.{name} valid")
    if not lyr.isValid():
        continue
    check(lyr.crs().authid() == f"EPSG:{epsg}", f"QGIS: {name}: CRS {lyr.crs().authid()}")
    check(lyr.featureCount() > 0, f"QGIS: {name}: {lyr.featureCount()} features")
    rtype = lyr.renderer().type()
    check(rtype == renderer, f"QGIS: {name}: style from the database applied on load, renderer {rtype}")
    if name == "metro":
        check(lyr.labelsEnabled() and lyr.labeling().settings().fieldName == "name",
              f"QGIS: {name}: labelled by name")
app.exitQgis()
sys.exit(1 if failures else 0)
