"""Run inside the QGIS desktop (qgis --code): the README's picture of the
plugin. Runs regionet:delineate on the Korean data as a user would (the
results loaded into the project, styled), opens the algorithm's dialog with
the same parameters beside the map, and saves a screenshot of the screen.
Driven by scripts/qgis_picture.sh (environment: RN_PIC_OUT, RN_PIC_DATA,
RN_PIC_WORK)."""
import os

import processing
from qgis.core import QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.PyQt.QtWidgets import QApplication, QDockWidget
from qgis.utils import iface

OUT = os.environ["RN_PIC_OUT"]
KR = os.path.join(os.environ["RN_PIC_DATA"], "kr")
WORK = os.environ["RN_PIC_WORK"]
PARAMS = {"UNITS": os.path.join(KR, "KR_SiGun.gpkg"), "ID": "SiGun_CD", "NAME": "SiGun_NM",
          "MASS": "population", "FLOWS": os.path.join(KR, "OD_SiGun_long.csv"),
          "CORES": "11;21+26;22;24;25+29", "OUTPUT": os.path.join(WORK, "korea.gpkg")}
SHOWN = {"units", "urban_areas", "links", "cores"}  # metropolitan and urban areas with their links
DIALOG_WIDTH = 760
WIDTH = 1400  # of the picture (the screen is 2000 x 1100)
state = {}


def log(msg):
    with open(os.path.join(WORK, "picture.log"), "a", encoding="utf-8") as f:
        f.write(msg + "\n")


def run():
    try:
        # the inputs as a user has them: layers of the project
        log("started")
        units_in = QgsVectorLayer(PARAMS["UNITS"], "KR_SiGun", "ogr")
        flows_in = QgsVectorLayer(PARAMS["FLOWS"], "OD_SiGun_long", "ogr")
        QgsProject.instance().addMapLayers([units_in, flows_in])
        state["params"] = dict(PARAMS, UNITS=units_in.id(), FLOWS=flows_in.id())
        res = processing.runAndLoadResults("regionet:delineate", dict(state["params"]))
        log(f"delineate: {res.get('LEVELS')}")
        root = QgsProject.instance().layerTreeRoot()
        for node in root.findLayers():
            node.setItemVisibilityChecked(node.name() in SHOWN)
            node.setExpanded(False)
        units = QgsProject.instance().mapLayersByName("units")[0]
        win = iface.mainWindow()
        screen = QApplication.primaryScreen().geometry()
        # no window manager under Xvfb: the main window on the left, the
        # dialog on the right, side by side
        win.setGeometry(0, 0, screen.width() - DIALOG_WIDTH - 10, screen.height())
        for dock in win.findChildren(QDockWidget):
            if dock.objectName() != "Layers":
                dock.hide()
        state["extent"] = units.extent()
        dlg = processing.createAlgorithmDialog("regionet:delineate", dict(state["params"]))
        state["dlg"] = dlg
        dlg.setGeometry(screen.width() - DIALOG_WIDTH, 0, DIALOG_WIDTH, screen.height())
        dlg.show()
        QTimer.singleShot(2000, fill)
        QTimer.singleShot(6000, shoot)
    except Exception as e:  # noqa: BLE001 -- reported by the driver script
        log(f"error: {e!r}")
        os._exit(1)


def fill():
    # the field pickers fill once their layer is set: set the values again
    state["dlg"].mainWidget().setParameters(dict(state["params"], OUTPUT=PARAMS["OUTPUT"]))
    canvas = iface.mapCanvas()  # now at its final size
    ext = state["extent"]
    ext.scale(1.02)
    canvas.setExtent(ext)
    canvas.refresh()


def shoot():
    screen = QApplication.primaryScreen()
    img = screen.grabWindow(0).toImage().scaledToWidth(WIDTH, Qt.SmoothTransformation)
    ok = img.save(OUT, "PNG")
    log(f"saved {OUT}: {ok} {img.width()}x{img.height()}, layers "
        + ",".join(n.name() for n in QgsProject.instance().layerTreeRoot().findLayers()))
    os._exit(0)  # no "save the project?" question; nothing to keep


QTimer.singleShot(5000, run)
