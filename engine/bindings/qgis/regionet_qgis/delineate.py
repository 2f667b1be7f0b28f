"""regionet:delineate -- functional regions, as `regionet delineate`."""
from qgis.core import (QgsProcessingOutputMultipleLayers, QgsProcessingOutputString,
                       QgsProcessingOutputVectorLayer, QgsProcessingParameterFileDestination)

from . import help_texts
from .common import CLUSTERING, INPUTS, Param, RegionetAlgorithm, _bool, _enum, _field, _number, _string
from .loading import gpkg_provenance, gpkg_tables, load_on_completion

METHODS = ["netcon", "ttwa", "cbsa", "fua", "dominant", "intramax", "leiden", "louvain", "infomap"]


def _methods():
    try:
        import regionet
        return list(regionet.methods()) or METHODS
    except Exception:  # noqa: BLE001 -- the dialog still opens; a run says what is wrong
        return METHODS


_BY = {p.name: p for p in INPUTS + CLUSTERING}
METHOD_OPTIONS = [
    Param("THRESHOLD", "threshold", _number("THRESHOLD", "Method threshold"), True),
    Param("CENTRAL_FIELD", "central_field", _field("CENTRAL_FIELD", "Central unit field", "UNITS"), True),
    Param("AREA_FIELD", "area_field", _field("AREA_FIELD", "Centre (area) field", "UNITS"), True),
    Param("EMPLOYED_FIELD", "employed_field", _field("EMPLOYED_FIELD", "Employed residents field", "UNITS", True), True),
    Param("JOBS_FIELD", "jobs_field", _field("JOBS_FIELD", "Jobs field", "UNITS", True), True),
    Param("MIN_SIZE", "min_size", _number("MIN_SIZE", "ttwa: minimum size"), True),
    Param("MIN_SC", "min_sc", _number("MIN_SC", "ttwa: minimum self-containment"), True),
    Param("TARGET_SIZE", "target_size", _number("TARGET_SIZE", "ttwa: target size"), True),
    Param("TARGET_SC", "target_sc", _number("TARGET_SC", "ttwa: target self-containment"), True),
    Param("COMPAT", "compat", _string("COMPAT", "ttwa: compatibility (istat)"), True),
    Param("REGIONS", "regions", _number("REGIONS", "intramax: number of regions", True, None, 1), True),
    Param("RESOLUTION", "resolution", _number("RESOLUTION", "leiden/louvain: resolution"), True),
    Param("SEED", "seed", _number("SEED", "Random seed", True), True),
]
# only netcon has presets: another method with --preset is the command's error
NETCON_ONLY = {"PRESET"}

# the layers of an output, bottom of the layer tree first
LEVEL_OUTPUTS = ["LEVEL1", "LEVEL2", "LEVEL3"]


class DelineateAlgorithm(RegionetAlgorithm):
    NAME = "delineate"
    TITLE = "Delineate functional regions"
    HELP = help_texts.DELINEATE
    PARAMS = ([_BY[n] for n in ("UNITS", "ID", "NAME", "MASS", "FLOWS", "ORIGIN", "DEST", "VALUE")]
              + [Param("METHOD", "method", lambda: _enum("METHOD", "Method", _methods(), "netcon")())]
              + [_BY[n] for n in ("PRESET", "CORES")]
              + [Param("THRESHOLDS", "thresholds", _string("THRESHOLDS", "Thresholds per level (e.g. 0.05,0.10,0.20)"))]
              + [_BY[n] for n in ("MIN_MASS", "MODE", "DENOMINATOR", "CONTIGUITY", "ADJACENCY", "SNAP",
                                  "PARAMS", "CRS", "SRC_CRS", "ENCODING", "FLOWS_ENCODING", "DROP_UNKNOWN",
                                  "THREADS")]
              + METHOD_OPTIONS
              + [Param("OUTPUT", None, lambda: QgsProcessingParameterFileDestination(
                  "OUTPUT", "Output GeoPackage", "GeoPackage (*.gpkg *.GPKG)")),
                 Param("OVERWRITE", None, _bool("OVERWRITE", "Replace an existing output"), True)])
    OUTPUT_HELP = ["OUTPUT", "UNITS_OUT", "LEVEL1", "LEVEL2", "LEVEL3", "URBAN_AREAS_OUT", "CORES_OUT",
                   "LINKS_OUT", "LAYERS", "LEVELS"]

    def add_outputs(self):
        for name, desc in (("UNITS_OUT", "Units"), ("LEVEL1", "Regions, first level"),
                           ("LEVEL2", "Regions, second level"), ("LEVEL3", "Regions, third level"),
                           ("URBAN_AREAS_OUT", "Urban areas"), ("CORES_OUT", "Cores"), ("LINKS_OUT", "Links")):
            self.addOutput(QgsProcessingOutputVectorLayer(name, desc))
        self.addOutput(QgsProcessingOutputMultipleLayers("LAYERS", "All layers"))
        self.addOutput(QgsProcessingOutputString("LEVELS", "Levels"))

    def process(self, parameters, context, feedback, tmp):
        import regionet
        params = [p for p in self.PARAMS if p.key]
        opts = self.options(parameters, context, params)
        if opts.get("method", "netcon") != "netcon":
            for p in params:
                if p.name in NETCON_ONLY:
                    opts.pop(p.key, None)
        units, flows = self.inputs(parameters, context, tmp, opts)
        out = self.parameterAsFileOutput(parameters, "OUTPUT", context)
        if self.parameterAsBoolean(parameters, "OVERWRITE", context):
            opts["overwrite"] = True
        feedback.pushInfo(f"regionet {regionet.version()} ({regionet.library_path()})")
        res = self.engine(regionet.delineate, feedback, units, flows, output=out, **opts)
        for line in res.report:
            feedback.pushInfo(line)
        feedback.pushInfo(res.summary)
        levels = res.levels
        spatial = [n for n, kind in gpkg_tables(out) if kind == "features"]
        # bottom first: units, the levels from the widest (life) up, urban areas, links, cores
        order = (["units"] + [lv for lv in reversed(levels) if lv in spatial]
                 + [n for n in ("urban_areas", "links", "cores") if n in spatial])
        order += [n for n in spatial if n not in order]
        uris = load_on_completion(context, out, order, gpkg_provenance(out), res.summary)
        results = {"OUTPUT": out, "LAYERS": [uris[n] for n in order], "LEVELS": ",".join(levels),
                   "UNITS_OUT": uris.get("units"),
                   "URBAN_AREAS_OUT": uris.get("urban_areas"), "CORES_OUT": uris.get("cores"),
                   "LINKS_OUT": uris.get("links")}
        for key, level in zip(LEVEL_OUTPUTS, levels):
            results[key] = uris.get(level)
        return results
