"""What the algorithms share: parameters declared once with their help and
the command-line option they stand for, layers handed to the engine as
files, and a run with progress, Cancel and the engine's errors."""
import os
import tempfile

from qgis.core import (QgsProcessing, QgsProcessingAlgorithm, QgsProcessingException,
                       QgsProcessingParameterBoolean, QgsProcessingParameterCrs,
                       QgsProcessingParameterDefinition, QgsProcessingParameterEnum,
                       QgsProcessingParameterField, QgsProcessingParameterFile,
                       QgsProcessingParameterNumber, QgsProcessingParameterString,
                       QgsProcessingParameterVectorLayer, QgsProviderRegistry,
                       QgsVectorFileWriter)

from .help_texts import PARAM_HELP


class Param:
    """One parameter: how to declare it and which option of the command it
    becomes (``key``, as the regionet package names it: ``min_mass`` for
    --min-mass; None when the algorithm handles it itself)."""

    def __init__(self, name, key, make, advanced=False, help_key=None):
        self.name, self.key, self.make, self.advanced = name, key, make, advanced
        self.help_key = help_key or name

    def definition(self):
        d = self.make()
        if self.advanced:
            d.setFlags(d.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        d.setHelp(PARAM_HELP[self.help_key])
        return d


def _field(name, desc, parent, numeric=False, optional=True):
    t = QgsProcessingParameterField.Numeric if numeric else QgsProcessingParameterField.Any
    return lambda: QgsProcessingParameterField(name, desc, None, parent, t, False, optional)


def _string(name, desc, default=None):
    return lambda: QgsProcessingParameterString(name, desc, default, False, True)


def _number(name, desc, integer=False, default=None, minimum=None):
    t = QgsProcessingParameterNumber.Integer if integer else QgsProcessingParameterNumber.Double

    def make():
        p = QgsProcessingParameterNumber(name, desc, t, default, True)
        if minimum is not None:
            p.setMinimum(minimum)
        return p
    return make


def _enum(name, desc, options, default):
    return lambda: QgsProcessingParameterEnum(name, desc, options, False, default, False, True)


def _bool(name, desc, default=False):
    return lambda: QgsProcessingParameterBoolean(name, desc, default, True)


# The inputs of delineate, sweep and inspect (the command's input options).
INPUTS = [
    Param("UNITS", None, lambda: QgsProcessingParameterVectorLayer(
        "UNITS", "Units (polygons)", [QgsProcessing.TypeVectorPolygon])),
    Param("ID", "id", _field("ID", "Unit code field", "UNITS", optional=False)),
    Param("NAME", "name", _field("NAME", "Unit name field", "UNITS")),
    Param("MASS", "mass", _field("MASS", "Unit mass field (e.g. population)", "UNITS", numeric=True)),
    Param("FLOWS", None, lambda: QgsProcessingParameterVectorLayer(
        "FLOWS", "Flows (origin-destination table)", [QgsProcessing.TypeVector])),
    Param("ORIGIN", "origin", _field("ORIGIN", "Origin field", "FLOWS")),
    Param("DEST", "dest", _field("DEST", "Destination field", "FLOWS")),
    Param("VALUE", "value", _field("VALUE", "Flow value field", "FLOWS", numeric=True)),
    Param("SNAP", "snap", _number("SNAP", "Adjacency tolerance (metres)", default=100.0, minimum=0)),
    Param("CRS", "crs", lambda: QgsProcessingParameterCrs("CRS", "Working CRS", None, True), True),
    Param("SRC_CRS", "src_crs", lambda: QgsProcessingParameterCrs(
        "SRC_CRS", "CRS of units that have none", None, True), True),
    Param("ENCODING", "encoding", _string("ENCODING", "Text encoding of the units' attributes"), True),
    Param("FLOWS_ENCODING", "flows_encoding", _string("FLOWS_ENCODING", "Text encoding of the flows file"), True),
    Param("DROP_UNKNOWN", "drop_unknown", _bool("DROP_UNKNOWN", "Drop flow rows with unknown codes"), True),
]

# The clustering options of delineate and sweep.
CLUSTERING = [
    Param("PRESET", "preset", _enum("PRESET", "Preset of levels", ["krihs"], "krihs")),
    Param("CORES", "cores", _string("CORES", "Designated first-level cores (e.g. 11;21+26;22)")),
    Param("MIN_MASS", "min_mass", _string("MIN_MASS", "Minimum core mass per level (e.g. 1000000,50000,0)")),
    Param("MODE", "mode", _string("MODE", "Growth mode: dominant, chain or core (or one per level)")),
    Param("DENOMINATOR", "denominator", _string("DENOMINATOR", "Denominator: total, out or field:NAME")),
    Param("CONTIGUITY", "contiguity", _enum("CONTIGUITY", "Contiguity", ["enforce", "ignore"], "enforce")),
    Param("ADJACENCY", "adjacency", _enum("ADJACENCY", "Adjacency", ["rook", "queen"], "rook")),
    Param("PARAMS", "params", lambda: QgsProcessingParameterFile(
        "PARAMS", "JSON parameter file", QgsProcessingParameterFile.File, "json", None, True), True),
    Param("THREADS", "threads", _number("THREADS", "Worker threads (0: one per core)", True, 0, 0), True),
]


def layer_file(layer, tmpdir, what, context):
    """(path, layer name or None) of a layer the engine can read: the file
    behind an OGR or delimited-text layer as it is (its checksum then goes
    into the provenance), anything else (memory, database, a filtered layer)
    written to a GeoPackage in tmpdir first."""
    prov = layer.providerType()
    if prov in ("ogr", "delimitedtext") and not layer.subsetString():
        parts = QgsProviderRegistry.instance().decodeUri(prov, layer.source())
        path = parts.get("path") or ""
        if path.startswith("file://"):
            path = path[7:]
        if path and os.path.isfile(path):
            return path, (parts.get("layerName") or None) if prov == "ogr" else None
    path = os.path.join(tmpdir, what + ".gpkg")
    opts = QgsVectorFileWriter.SaveVectorOptions()
    opts.driverName = "GPKG"
    opts.layerName = what
    err = QgsVectorFileWriter.writeAsVectorFormatV3(layer, path, context.transformContext(), opts)
    if err[0] != QgsVectorFileWriter.NoError:
        raise QgsProcessingException(f"{what}: cannot write layer '{layer.name()}' for the engine: {err[1]}")
    return path, what


class RegionetAlgorithm(QgsProcessingAlgorithm):
    """Base of the regionet algorithms. Subclasses list their parameters
    (PARAMS) and implement process(parameters, context, feedback)."""

    PARAMS = []
    NAME = ""
    TITLE = ""
    HELP = ""

    def createInstance(self):  # noqa: N802 -- QGIS's names
        return type(self)()

    def name(self):
        return self.NAME

    def displayName(self):  # noqa: N802
        return self.TITLE

    def group(self):
        return ""

    def groupId(self):  # noqa: N802
        return ""

    def shortHelpString(self):  # noqa: N802
        items = "".join(f"<li><b>{p.name}</b>: {PARAM_HELP[p.help_key]}</li>" for p in self.PARAMS)
        outs = "".join(f"<li><b>{n}</b>: {PARAM_HELP[n]}</li>" for n in self.OUTPUT_HELP if n in PARAM_HELP)
        return f"{self.HELP}<h3>Parameters</h3><ul>{items}</ul><h3>Outputs</h3><ul>{outs}</ul>"

    OUTPUT_HELP = []

    def initAlgorithm(self, config=None):  # noqa: N802
        for p in self.PARAMS:
            self.addParameter(p.definition())
        self.add_outputs()

    def add_outputs(self):
        pass

    # -- parameters to the package's keyword options
    def options(self, parameters, context, params):
        """{option: value} for the Params with a key, leaving out what the
        user left empty (the engine's default then applies, as on the
        command line)."""
        opts = {}
        for p in params:
            if p.key is None or parameters.get(p.name) is None:
                continue
            d = self.parameterDefinition(p.name)
            kind = d.type()
            if kind == "field":
                v = self.parameterAsFields(parameters, p.name, context)
                v = v[0] if v else None
            elif kind == "enum":
                v = self.parameterAsEnumString(parameters, p.name, context)
            elif kind == "boolean":
                v = self.parameterAsBoolean(parameters, p.name, context) or None
            elif kind == "number":
                integer = d.dataType() == QgsProcessingParameterNumber.Integer
                v = (self.parameterAsInt if integer else self.parameterAsDouble)(parameters, p.name, context)
                if p.name == "THREADS" and v == 0:
                    v = None
            elif kind == "crs":
                crs = self.parameterAsCrs(parameters, p.name, context)
                v = crs.authid() or crs.toWkt() if crs.isValid() else None
            elif kind == "file":
                v = self.parameterAsFile(parameters, p.name, context)
            else:
                v = self.parameterAsString(parameters, p.name, context)
            if v not in (None, ""):
                opts[p.key] = v
        return opts

    def inputs(self, parameters, context, tmpdir, opts):
        """(units path, flows path), adding units_layer / flows_layer to opts."""
        units = self.parameterAsVectorLayer(parameters, "UNITS", context)
        flows = self.parameterAsVectorLayer(parameters, "FLOWS", context)
        if units is None:
            raise QgsProcessingException("Units: no layer given")
        if flows is None:
            raise QgsProcessingException("Flows: no layer or file given")
        upath, ulayer = layer_file(units, tmpdir, "units", context)
        fpath, flayer = layer_file(flows, tmpdir, "flows", context)
        if ulayer:
            opts["units_layer"] = ulayer
        if flayer:
            opts["flows_layer"] = flayer
        return upath, fpath

    # -- a run of the engine
    def engine(self, fn, feedback, *args, with_progress=True, **kw):
        """fn(*args, progress=..., **kw) from the regionet package, with its
        progress on the feedback (percent and stage) and Cancel through the
        progress callback returning False (the package's SIGINT handler is
        for the main thread only; Processing runs algorithms in a task
        thread). Engine errors become QgsProcessingException with the
        engine's message."""
        import regionet
        if with_progress:
            kw["progress"] = Progress(feedback)
        try:
            return fn(*args, **kw)
        except regionet.Interrupted:
            raise QgsProcessingException("Canceled: the run stopped and wrote no output") from None
        except regionet.Error as e:
            raise QgsProcessingException(e.message) from None

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        try:
            import regionet  # noqa: F401
        except ImportError as e:
            raise QgsProcessingException(
                f"the regionet Python package cannot be loaded ({e}); run scripts/install_qgis_plugin.sh") from None
        tmp = tempfile.mkdtemp(prefix="regionet-qgis-")
        try:
            return self.process(parameters, context, feedback, tmp)
        finally:
            import shutil
            shutil.rmtree(tmp, True)


# Where each stage of a run falls in the percent bar; the engine reports
# each stage's own fraction done.
_STAGES = [("reading flows", 0, 10), ("inputs read", 10, 10), ("adjacency", 10, 45),
           ("sweep", 45, 95), ("regions dissolved", 85, 85), ("writing", -100, 100)]


class Progress:
    """The engine's progress callback on a QgsProcessingFeedback: a
    monotone percent, the stage as progress text, False once canceled."""

    def __init__(self, feedback):
        self.feedback, self.percent, self.stage = feedback, 0.0, None

    def __call__(self, done, message):
        if self.feedback.isCanceled():
            return False
        lo, hi = 45, 85  # the levels of a clustering (metro, urban, life ...)
        for name, a, b in _STAGES:
            if message == name:
                lo, hi = a, b
                break
        pct = lo + (hi - lo) * done
        if pct > self.percent:
            self.percent = pct
            self.feedback.setProgress(pct)
        if message and message != self.stage:
            self.stage = message
            self.feedback.setProgressText(message)
        return not self.feedback.isCanceled()
