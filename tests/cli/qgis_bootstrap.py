"""Open a `regionet bootstrap` GeoPackage in QGIS (headless): units and
boundaries valid, styled by their default styles on load (graduated by the
first level's confidence and boundary strength, every feature in a class),
then render units and boundaries to a PNG.

usage: qgis_bootstrap.py BOOT.gpkg LEVEL PNG [COPY_PNG]
Run with Debian's /usr/bin/python3 (python3-qgis) and QT_QPA_PLATFORM=offscreen.
"""
import os
import sys

from qgis.core import (QgsApplication, QgsExpression, QgsExpressionContext,
                       QgsExpressionContextUtils, QgsMapRendererParallelJob, QgsMapSettings,
                       QgsRectangle, QgsVectorLayer)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor

path, level, png = sys.argv[1], sys.argv[2], sys.argv[3]
app = QgsApplication([], False)
app.initQgis()
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


layers = {}
for name, field in (("units", f"{level}_confidence"), ("boundaries", f"{level}_strength")):
    lyr = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
    layers[name] = lyr
    check(lyr.isValid(), f"{name}: valid")
    if not lyr.isValid():
        continue
    r = lyr.renderer()
    check(r.type() == "graduatedSymbol", f"{name}: default style applied on load ({r.type()})")
    if r.type() != "graduatedSymbol":
        continue
    check(field in r.classAttribute(), f"{name}: classes by {r.classAttribute()}")
    expr = QgsExpression(r.classAttribute())
    ctx = QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(lyr))
    unmatched = 0
    for f in lyr.getFeatures():
        ctx.setFeature(f)
        v = expr.evaluate(ctx)
        if v is None or r.rangeForValue(float(v)) is None:
            unmatched += 1
    check(not expr.hasEvalError() and unmatched == 0, f"{name}: every feature in a class ({unmatched} not)")
    if name == "boundaries":
        widths = [rg.symbol().width() for rg in r.ranges()]
        check(widths == sorted(widths, reverse=True), f"boundaries: firmer is wider {widths}")

settings = QgsMapSettings()
settings.setLayers([layers["boundaries"], layers["units"]])
settings.setDestinationCrs(layers["units"].crs())
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
if len(sys.argv) > 4:
    check(image.scaledToWidth(560).save(sys.argv[4], "PNG"), f"small copy {sys.argv[4]}")
print(f"{len(failures)} failure(s)")
sys.stdout.flush()
os._exit(1 if failures else 0)
