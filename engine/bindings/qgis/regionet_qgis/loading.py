"""Loading the layers a run wrote into the project: regionet's default
style from the GeoPackage's layer_styles (Processing loads outputs without
default styles), the provenance in the layer's metadata."""
import json
import os
import sqlite3

from qgis.core import (QgsClassificationEqualInterval, QgsFillSymbol, QgsGradientColorRamp,
                       QgsGradientStop, QgsGraduatedSymbolRenderer, QgsProcessingContext,
                       QgsProcessingLayerPostProcessorInterface)
from qgis.PyQt.QtGui import QColor


def gpkg_tables(path):
    """[(name, data_type)] of a GeoPackage's contents, in their order."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute("select table_name, data_type from gpkg_contents order by rowid").fetchall()
    finally:
        con.close()


def gpkg_provenance(path):
    """The run's provenance: OUT.gpkg.json beside the file, else the
    GeoPackage metadata the engine writes (domain REGIONET)."""
    side = path + ".json"
    if os.path.exists(side):
        with open(side, encoding="utf-8") as f:
            return f.read()
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = con.execute("select metadata from gpkg_metadata").fetchall()
    except sqlite3.Error:
        rows = []
    finally:
        con.close()
    for (text,) in rows:
        if text and text.lstrip().startswith("{"):
            return text
    return ""


def apply_default_style(layer):
    """The style the GeoPackage's layer_styles holds for the layer
    (useAsDefault), if any; True when one was applied."""
    _msg, ok = layer.loadDefaultStyle()
    layer.triggerRepaint()
    return bool(ok)


def graduate(layer, field):
    """A graduated style, red to green, on a share in [0,1] (sweep stability)."""
    ramp = QgsGradientColorRamp(QColor("#d7191c"), QColor("#1a9641"), False,
                                [QgsGradientStop(0.5, QColor("#ffffbf"))])
    r = QgsGraduatedSymbolRenderer(field)
    r.setSourceSymbol(QgsFillSymbol.createSimple({"outline_color": "#606060", "outline_width": "0.2"}))
    r.setClassificationMethod(QgsClassificationEqualInterval())
    r.updateClasses(layer, 5)
    r.updateColorRamp(ramp)
    layer.setRenderer(r)
    layer.triggerRepaint()


def order_layers(project, ids_top_first):
    """Put the run's layers in the layer tree in this order, where the
    first of them is (Processing loads outputs in its own order)."""
    root = project.layerTreeRoot()
    nodes = [root.findLayer(i) for i in ids_top_first]
    nodes = [n for n in nodes if n is not None]
    if len(nodes) < 2:
        return
    parent = nodes[0].parent()
    if any(n.parent() is not parent for n in nodes):
        return
    kids = [c.layerId() if hasattr(c, "layerId") else None for c in parent.children()]
    pos = min(kids.index(n.layerId()) for n in nodes)
    for n in nodes:
        # the clone goes in before the node goes out: a layer whose last
        # node leaves the tree is removed from the project
        c = n.clone()
        parent.insertChildNode(pos, c)
        parent.removeChildNode(n)
        pos = parent.children().index(c) + 1


class LayerLoader(QgsProcessingLayerPostProcessorInterface):
    """Styles a loaded layer (the file's default style, else a graduated
    style on `graduate_field`) and puts the provenance in its metadata."""

    def __init__(self, provenance, summary, graduate_field, rank, loaded):
        super().__init__()
        self.provenance, self.summary, self.graduate_field = provenance, summary, graduate_field
        self.rank, self.loaded = rank, loaded  # loaded: {rank: layer id} shared by the run's layers

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 -- QGIS's name
        if not apply_default_style(layer) and self.graduate_field and layer.fields().indexOf(self.graduate_field) >= 0:
            graduate(layer, self.graduate_field)
        md = layer.metadata()
        md.setTitle(f"regionet: {layer.name()}")
        if self.summary:
            md.setAbstract(self.summary)
        if self.provenance:
            try:
                cmd = json.loads(self.provenance).get("command")
            except ValueError:
                cmd = None
            if isinstance(cmd, list):
                cmd = " ".join(cmd)
            hist = [f"regionet command line: {cmd}"] if cmd else []
            md.setHistory(hist + ["regionet provenance: " + self.provenance])
        layer.setMetadata(md)
        self.loaded[self.rank] = layer.id()
        project = layer.project() or context.project()
        if project is not None:
            order_layers(project, [self.loaded[r] for r in sorted(self.loaded, reverse=True)])


_KEEP = []


def load_on_completion(context, path, layers, provenance, summary, graduate_field=None):
    """Ask Processing to load path's layers (names, bottom first) when the
    algorithm ends, each styled; the file itself is not loaded as one more
    layer. Returns {name: uri}."""
    pending = context.layersToLoadOnCompletion()
    if path in pending:  # the dialog's "open output file" would load one layer of it
        del pending[path]
        context.setLayersToLoadOnCompletion(pending)
    uris, loaded = {}, {}
    for rank, name in enumerate(layers):
        uri = f"{path}|layername={name}"
        details = QgsProcessingContext.LayerDetails(name, context.project(), name)
        # one post-processor per layer, kept alive here: sip hands its
        # ownership to this Python `details`, which dies with the loop while
        # the context holds a copy of the details with the bare pointer
        loader = LayerLoader(provenance, summary, graduate_field, rank, loaded)
        _KEEP.append(loader)
        details.setPostProcessor(loader)
        context.addLayerToLoadOnCompletion(uri, details)
        uris[name] = uri
    return uris
