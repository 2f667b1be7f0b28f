"""Open a regionet GeoPackage in QGIS (headless) and check what a user gets:
every layer valid, in the expected CRS, with its features and fields, styled
by its default style on load; then render the map to a PNG.

usage: qgis_check.py OUT.gpkg PNG EPSG layer=count,... [COPY_PNG]
Run with Debian's /usr/bin/python3 (python3-qgis) and QT_QPA_PLATFORM=offscreen.
"""
import os
import sys

from qgis.core import (QgsApplication, QgsCoordinateReferenceSystem, QgsExpressionContext,
                       QgsExpressionContextUtils, QgsMapRendererParallelJob, QgsMapSettings,
                       QgsRectangle, QgsSymbolLayer, QgsVectorLayer)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor

path, png, epsg, counts = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
expected = dict((k, int(v)) for k, v in (kv.split("=") for kv in counts.split(",")))

FIELDS = {
    "region": ["region_id", "name", "n_units", "mass", "residents", "internal", "sc_supply",
               "sc_demand", "cores", "threshold"],
    "urban_areas": ["type", "region_id", "name", "n_units", "mass"],
    "cores": ["code", "name", "level", "region_id", "region_name"],
    "links": ["origin", "dest", "flow", "share", "class"],
    "units": ["code", "name", "mass", "metro_id", "metro_role", "metro_share", "metro_reason"],
}
RENDERER = {"region": "categorizedSymbol", "urban_areas": "categorizedSymbol",
            "cores": "categorizedSymbol", "links": "graduatedSymbol", "units": "singleSymbol"}

app = QgsApplication([], False)
app.initQgis()
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


layers = {}
for name, count in expected.items():
    lyr = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
    layers[name] = lyr
    check(lyr.isValid(), f"{name}: valid")
    if not lyr.isValid():
        continue
    kind = name if name in FIELDS else "region"
    check(lyr.crs().authid() == f"EPSG:{epsg}", f"{name}: CRS {lyr.crs().authid()}")
    check(lyr.featureCount() == count, f"{name}: {lyr.featureCount()} features (expected {count})")
    have = [f.name() for f in lyr.fields()]
    missing = [f for f in FIELDS[kind] if f not in have]
    check(not missing, f"{name}: fields {missing or 'all present'}")
    rtype = lyr.renderer().type()
    # regionet's styles categorise up to 500 regions, then colour by expression
    many = kind == "region" and count > 500
    check(rtype == ("singleSymbol" if many else RENDERER[kind]), f"{name}: default style applied on load, renderer {rtype}")
    if kind in ("region", "urban_areas"):
        check(lyr.labelsEnabled() and lyr.labeling() is not None
              and lyr.labeling().settings().fieldName == "name", f"{name}: labelled by name")
    if many:
        sl = lyr.renderer().symbol().symbolLayer(0)
        prop = sl.dataDefinedProperties().property(QgsSymbolLayer.PropertyFillColor)
        check(prop.isActive(), f"{name}: fill colour data-defined ({prop.expressionString()})")
        ctx = QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(lyr))
        colours = set()
        for f in lyr.getFeatures():
            ctx.setFeature(f)
            colours.add(prop.valueAsColor(ctx)[0].name())
        check(len(colours) > count // 2, f"{name}: {len(colours)} colours for {count} regions")
    elif kind == "region":
        cats = lyr.renderer().categories()
        colours = {c.symbol().color().name() for c in cats}
        ids = {str(f["region_id"]) for f in lyr.getFeatures()}
        check(len(cats) == count and {c.value() for c in cats} == ids,
              f"{name}: one category per region ({len(cats)})")
        check(len(colours) == len(cats), f"{name}: {len(colours)} distinct colours")
    if kind == "links":
        ranges = lyr.renderer().ranges()
        widths = [r.symbol().width() for r in ranges]
        check(len(ranges) == 3 and widths == sorted(widths) and widths[0] < widths[-1],
              f"links: {len(ranges)} classes, widths {widths}")
        unmatched = [f.id() for f in lyr.getFeatures()
                     if lyr.renderer().rangeForValue(f["class"]) is None]
        check(not unmatched, f"links: every class in a range ({len(unmatched)} not)")

# the picture: life zones (one colour each) with the links and cores
order = [n for n in ("cores", "links", "life") if n in layers and layers[n].isValid()]
settings = QgsMapSettings()
settings.setLayers([layers[n] for n in order])
settings.setDestinationCrs(QgsCoordinateReferenceSystem(f"EPSG:{epsg}"))
extent = QgsRectangle(layers["units"].extent())
extent.scale(1.05)
settings.setExtent(extent)
settings.setOutputSize(QSize(1000, 1200))
settings.setBackgroundColor(QColor(255, 255, 255))
job = QgsMapRendererParallelJob(settings)
job.start()
job.waitForFinished()
image = job.renderedImage()
check(image.save(png, "PNG"), f"rendered {png}")
if len(sys.argv) > 5:
    small = image.scaledToWidth(560)
    check(small.save(sys.argv[5], "PNG"), f"small copy {sys.argv[5]}")
print(f"{len(failures)} failure(s)")
sys.stdout.flush()
# exitQgis() with layers still referenced from Python crashes in QGIS 3.22's
# teardown; nothing is left to save, so leave without it
os._exit(1 if failures else 0)
