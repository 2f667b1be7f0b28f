"""The regionet Processing provider in real QGIS (headless), as a user of
the installed plugin gets it: the plugin loaded from the profile the install
script wrote, every algorithm and parameter documented, the Korean main job
through processing.runAndLoadResults giving the CLI's layers byte for byte
and loading them with regionet's styles and the provenance in their
metadata; sweep and compare giving the CLI's numbers; Cancel mid-run
leaving no file; a bad field choice giving the engine's message.

usage: qgis_provider_check.py PROFILE_DIR DATA_DIR WORK_DIR
  WORK_DIR holds the CLI's results: cli.gpkg (delineate), cli_sweep.gpkg and
  cli_sweep.json (sweep), cli_compare.json (compare), bad_field.txt (the
  CLI's message for --id SiGun_NM).
Run with Debian's /usr/bin/python3 and QT_QPA_PLATFORM=offscreen.
"""
import json
import os
import sqlite3
import sys

from qgis.core import (QgsApplication, QgsFeatureRequest, QgsProcessingException, QgsProcessingFeedback,
                       QgsProject, QgsVectorLayer)

profile, data, work = sys.argv[1:4]
app = QgsApplication([], False, profile)
app.initQgis()
sys.path.insert(0, "/usr/share/qgis/python/plugins")  # Processing itself
plugins = os.path.join(profile, "python", "plugins")
sys.path.insert(0, plugins)
import qgis.utils  # noqa: E402
from processing.core.Processing import Processing  # noqa: E402

qgis.utils.plugin_paths = [plugins]
qgis.utils.updateAvailablePlugins()
Processing.initialize()
import processing  # noqa: E402

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        failures.append(what)


def done():
    print(f"{len(failures)} failure(s)", flush=True)
    # exitQgis() with layers still referenced from Python crashes in QGIS
    # 3.22's teardown (see qgis_check.py)
    os._exit(1 if failures else 0)


check(qgis.utils.loadPlugin("regionet_qgis") and qgis.utils.startPlugin("regionet_qgis"),
      "plugin regionet_qgis loads and starts from the profile")
provider = QgsApplication.processingRegistry().providerById("regionet")
check(provider is not None, "provider 'regionet' registered")
if provider is None:
    done()
import regionet  # noqa: E402 -- the copy the install script put inside the plugin

check(regionet.__file__.startswith(os.path.join(plugins, "regionet_qgis", "ext")),
      f"the package is the plugin's own copy ({regionet.__file__})")
ids = sorted(a.id() for a in provider.algorithms())
check(ids == ["regionet:compare", "regionet:delineate", "regionet:inspect", "regionet:sweep"], f"algorithms {ids}")

# help for every algorithm and parameter; advanced parameters folded away
ADV = {"THREADS", "CRS", "SRC_CRS", "PARAMS", "ENCODING", "FLOWS_ENCODING", "DROP_UNKNOWN", "SEED", "COMPAT",
       "OVERWRITE"}
for alg in provider.algorithms():
    text = alg.shortHelpString()
    undocumented = [p.name() for p in alg.parameterDefinitions() if len(p.help()) < 20 or p.name() not in text]
    check(len(text) > 300 and not undocumented, f"{alg.id()}: help text, every parameter documented {undocumented}")
    advanced = {p.name() for p in alg.parameterDefinitions() if p.flags() & p.FlagAdvanced}
    check(advanced & ADV == {p.name() for p in alg.parameterDefinitions()} & ADV and "UNITS" not in advanced
          and "ID" not in advanced and "CORES" not in advanced, f"{alg.id()}: advanced {sorted(advanced)}")
dl = QgsApplication.processingRegistry().algorithmById("regionet:delineate")
methods = dl.parameterDefinition("METHOD").options()
check(methods == list(regionet.methods()), f"METHOD lists every method {methods}")
check(dl.parameterDefinition("MASS").parentLayerParameterName() == "UNITS"
      and dl.parameterDefinition("VALUE").parentLayerParameterName() == "FLOWS", "field pickers bound to their layers")

KR = os.path.join(data, "kr")
KOREA = {"UNITS": os.path.join(KR, "KR_SiGun.gpkg"), "ID": "SiGun_CD", "NAME": "SiGun_NM", "MASS": "population",
         "FLOWS": os.path.join(KR, "OD_SiGun_long.csv"), "CORES": "11;21+26;22;24;25+29"}


def rows(path, table):
    con = sqlite3.connect(path)
    try:
        return con.execute(f'select * from "{table}" order by 1').fetchall()
    finally:
        con.close()


class Recorder(QgsProcessingFeedback):
    """Keeps the stages and percents; cancels once `cancel_at` is the stage."""

    def __init__(self, cancel_at=None):
        super().__init__()
        self.stages, self.percents, self.cancel_at = [], [], cancel_at
        self.progressChanged.connect(self.percents.append)

    def setProgressText(self, text):  # noqa: N802
        self.stages.append(text)
        if text == self.cancel_at:
            self.cancel()
        super().setProgressText(text)


# --- delineate: the Korean main job, loaded into the project
out = os.path.join(work, "qgis.gpkg")
fb = Recorder()
res = processing.runAndLoadResults("regionet:delineate", dict(KOREA, OUTPUT=out), feedback=fb)
cli = os.path.join(work, "cli.gpkg")
for t in ("units", "metro", "urban", "life", "urban_areas", "cores", "links"):
    a, b = rows(out, t), rows(cli, t)
    check(a == b and len(a) > 0, f"delineate: layer {t} = the CLI's ({len(a)} rows, every field and geometry)")
check(res["LEVELS"] == "metro,urban,life", f"LEVELS output {res['LEVELS']}")
check(all(os.path.exists(res[k].split("|")[0]) for k in ("UNITS_OUT", "LEVEL1", "CORES_OUT", "LINKS_OUT")),
      "layer outputs")
check(all(s in fb.stages for s in ("adjacency", "metro", "urban", "life", "writing")),
      f"progress stages {sorted(set(fb.stages))}")
check(fb.percents and fb.percents == sorted(fb.percents) and fb.percents[-1] >= 99,
      f"progress percent rises to {fb.percents[-1] if fb.percents else None}")
layers = {lyr.name(): lyr for lyr in QgsProject.instance().mapLayers().values()}
check(sorted(layers) == sorted(["units", "metro", "urban", "life", "urban_areas", "cores", "links"]),
      f"layers loaded into the project {sorted(layers)}")
RENDERER = {"units": "singleSymbol", "metro": "categorizedSymbol", "urban": "categorizedSymbol",
            "life": "categorizedSymbol", "urban_areas": "categorizedSymbol", "cores": "categorizedSymbol",
            "links": "graduatedSymbol"}
# the summary's metro line, from the layers themselves
n_metro = layers["metro"].featureCount() if "metro" in layers else -1
covered = sum(1 for f in layers["units"].getFeatures() if f["metro_id"]) if "units" in layers else -1
metro_line = f"{n_metro} regions covering {covered} of 159 units"
for name, want in RENDERER.items():
    lyr = layers.get(name)
    if lyr is None:
        continue
    r = lyr.renderer()
    styled = r.type() == want
    if name in ("metro", "urban", "life"):
        styled = styled and len(r.categories()) == lyr.featureCount() and lyr.labelsEnabled()
    check(styled, f"{name}: regionet's style applied on load ({r.type()})")
    hist = lyr.metadata().history()
    check(any(h.startswith("regionet command line: regionet delineate") for h in hist)
          and any('"parameters"' in h for h in hist)
          and metro_line in lyr.metadata().abstract(),
          f"{name}: provenance and the run's summary in the layer's metadata")
order = [n.name() for n in QgsProject.instance().layerTreeRoot().findLayers()]
check(order[0] == "cores" and order[-1] == "units", f"layer order, top first: {order}")
check(os.path.exists(os.path.join(work, "qgis.gpkg.json")) and not os.path.exists(os.path.join(work, "qgis.json")),
      "provenance file qgis.gpkg.json beside the output")

# --- the same output again: refused without OVERWRITE, as without --overwrite
try:
    processing.run("regionet:delineate", dict(KOREA, OUTPUT=out))
    check(False, "an existing output is refused")
except QgsProcessingException as e:
    check("exists" in str(e), f"an existing output is refused: {e}")

# --- Cancel mid-run: nothing is written
before = set(os.listdir(work))
fb = Recorder(cancel_at="adjacency")
try:
    processing.run("regionet:delineate", dict(KOREA, OUTPUT=os.path.join(work, "cancel.gpkg")), feedback=fb)
    check(False, "Cancel stops the run")
except QgsProcessingException as e:
    check("Canceled" in str(e), f"Cancel stops the run: {e}")
check("metro" not in fb.stages, f"stopped at the adjacency stage (stages {fb.stages})")
check(set(os.listdir(work)) == before, f"Cancel leaves nothing ({sorted(set(os.listdir(work)) - before)})")

# --- a bad field choice: the engine's message, as the CLI prints it
with open(os.path.join(work, "bad_field.txt"), encoding="utf-8") as f:
    cli_msg = f.read().strip().split(": ", 1)[1]  # without "regionet delineate: "
try:
    processing.run("regionet:delineate", dict(KOREA, ID="SiGun_NM", OUTPUT=os.path.join(work, "bad.gpkg")))
    check(False, "a bad field choice fails")
except QgsProcessingException as e:
    check(str(e) == cli_msg, f"bad field: the engine's message '{e}' (CLI: '{cli_msg}')")
check(not os.path.exists(os.path.join(work, "bad.gpkg")), "bad field: no output")

# --- units as a memory layer (no file behind it: staged to a GeoPackage) and
# flows as a delimited-text layer (its file handed to the engine)
src = QgsVectorLayer(KOREA["UNITS"], "KR_SiGun", "ogr")
mem = src.materialize(QgsFeatureRequest())
check(mem.providerType() == "memory" and mem.featureCount() == 159, "units copied into a memory layer")
csv = QgsVectorLayer(f"file://{KOREA['FLOWS']}?delimiter=,&geomType=none", "od", "delimitedtext")
check(csv.isValid() and csv.featureCount() == 25020, "flows as a delimited-text layer")
mo = os.path.join(work, "qgis_memory.gpkg")
processing.run("regionet:delineate", dict(KOREA, UNITS=mem, FLOWS=csv, ORIGIN="origin", DEST="dest", VALUE="flow",
                                          OUTPUT=mo))


def attributes(path, table):
    con = sqlite3.connect(path)
    try:
        cols = [r[1] for r in con.execute(f'pragma table_info("{table}")') if r[1] not in ("fid", "geom")]
        return con.execute(f'select {", ".join(cols)} from "{table}" order by 1').fetchall()
    finally:
        con.close()


for t in ("units", "metro", "urban", "life"):
    a, b = attributes(mo, t), attributes(cli, t)
    check(a == b and len(a) > 0, f"memory units: {t} = the CLI's, every field ({len(a)} rows)")

# --- another method: Istat's labour market areas of Brindisi (ttwa), with the
# dialog's defaults for the netcon-only and shared options
IT = os.path.join(data, "it")
bo = os.path.join(work, "qgis_ttwa.gpkg")
processing.run("regionet:delineate", {"UNITS": os.path.join(IT, "shpBrindisi.gpkg"), "ID": "PRO_COM",
                                      "NAME": "NOME_COM", "MASS": "POP2001",
                                      "FLOWS": os.path.join(IT, "Brindisi_flows.csv"), "METHOD": "ttwa",
                                      "COMPAT": "istat", "OUTPUT": bo})
for t in ("units", "ttwa"):
    a, b = rows(bo, t), rows(os.path.join(work, "cli_ttwa.gpkg"), t)
    check(a == b and len(a) > 0, f"ttwa: layer {t} = the CLI's ({len(a)} rows)")
check(len(rows(bo, "ttwa")) == 9, "ttwa: Istat's 9 labour market areas")

# --- sweep
QgsProject.instance().removeAllMapLayers()
sw = os.path.join(work, "qgis_sweep.gpkg")
res = processing.runAndLoadResults("regionet:sweep", dict(KOREA, THRESHOLDS="0.05,0.1,0.2", OUTPUT=sw))
with open(os.path.join(work, "cli_sweep.json"), encoding="utf-8") as f:
    cli_rows = json.load(f)["rows"]
check(res["ROWS"] == len(cli_rows) == 9, f"sweep: {res['ROWS']} rows (CLI {len(cli_rows)})")
for t in ("units", "sweep"):
    a, b = rows(sw, t), rows(os.path.join(work, "cli_sweep.gpkg"), t)
    check(a == b and len(a) > 0, f"sweep: table {t} = the CLI's ({len(a)} rows)")
layers = {lyr.name(): lyr for lyr in QgsProject.instance().mapLayers().values()}
u = layers.get("units")
check(u is not None and u.renderer().type() == "graduatedSymbol"
      and u.renderer().classAttribute() == "metro_stability", "sweep: units loaded, graduated by metro_stability")
check("sweep" in layers, "sweep: the table loaded")

# --- compare: urban areas against life zones of the QGIS run
res = processing.run("regionet:compare", {
    "LAYER_A": f"{out}|layername=units", "FIELD_A": "urban_id",
    "LAYER_B": f"{out}|layername=units", "FIELD_B": "life_id", "OUTPUT": "TEMPORARY_OUTPUT"})
with open(os.path.join(work, "cli_compare.json"), encoding="utf-8") as f:
    cc = json.load(f)
for name, key in (("ADJUSTED_RAND", "adjusted_rand"), ("RAND", "rand"), ("NMI", "nmi"), ("VI", "vi")):
    check(res[name] == cc[key], f"compare: {name} {res[name]} = CLI {cc[key]}")
table = res["OUTPUT"]
pieces = sum(len(r["pieces"]) for side in ("split", "merge") for r in cc.get(side, []))
got = sorted((f["table"], f["region"], f["piece"], f["piece_units"]) for f in table.getFeatures())
want = sorted((side, str(r["region"]), str(p["region"]), p["units"])
              for side in ("split", "merge") for r in cc.get(side, []) for p in r["pieces"])
check(got == want and pieces > 0, f"compare: split/merge table = the CLI's ({len(got)} pieces)")

# --- inspect
html = os.path.join(work, "inspect.html")
res = processing.run("regionet:inspect", dict({k: KOREA[k] for k in ("UNITS", "ID", "NAME", "MASS", "FLOWS")},
                                              OUTPUT=html))
with open(html, encoding="utf-8") as f:
    page = f.read()
js = json.loads(res["JSON"])
with open(os.path.join(work, "cli_inspect.json"), encoding="utf-8") as f:
    cj = json.load(f)
check(js == cj and js["units"]["count"] == 159, "inspect: the JSON output = the CLI's (159 units)")
with open(os.path.join(work, "cli_inspect.txt"), encoding="utf-8") as f:
    first = f.read().splitlines()[0]
check("<pre>" in page and first.split(":")[0] in page, f"inspect: HTML report ({first.split(':')[0]} ...)")
done()
