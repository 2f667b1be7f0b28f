"""regionet:sweep -- the clustering over a grid of thresholds, as `regionet sweep`."""
from qgis.core import (QgsProcessingOutputNumber, QgsProcessingOutputVectorLayer,
                       QgsProcessingParameterFileDestination)

from . import help_texts
from .common import CLUSTERING, INPUTS, Param, RegionetAlgorithm, _bool, _string
from .loading import gpkg_provenance, load_on_completion

_BY = {p.name: p for p in INPUTS + CLUSTERING}


def table_text(rows):
    """The sweep table as the command line prints it."""
    lines = [f"{'level':<8} {'threshold':>9} {'regions':>8} {'covered':>8} {'mean_sc':>10} {'ari':>8} {'nmi':>8}"]
    for r in rows:
        lines.append(f"{r['level']:<8} {r['threshold']:>9g} {r['regions']:>8} {r['covered']:>8} "
                     f"{r['mean_sc_supply']:>10.4f} {r['adjusted_rand']:>8.4f} {r['nmi']:>8.4f}"
                     + ("  (default)" if r.get("default") else ""))
    return "\n".join(lines)


class SweepAlgorithm(RegionetAlgorithm):
    NAME = "sweep"
    TITLE = "Threshold sweep"
    HELP = help_texts.SWEEP
    PARAMS = ([_BY[n] for n in ("UNITS", "ID", "NAME", "MASS", "FLOWS", "ORIGIN", "DEST", "VALUE",
                                "PRESET", "CORES")]
              + [Param("THRESHOLDS", "thresholds", _string("THRESHOLDS", "Thresholds swept (every level)"),
                       help_key="SWEEP_THRESHOLDS"),
                 Param("LEVEL", "level", _string("LEVEL", "Grids of single levels (NAME=GRID;...)"),
                       help_key="LEVEL_GRIDS"),
                 Param("DEFAULTS", "defaults", _string("DEFAULTS", "Default thresholds per level"))]
              + [_BY[n] for n in ("MIN_MASS", "MODE", "DENOMINATOR", "CONTIGUITY", "ADJACENCY", "SNAP",
                                  "PARAMS", "CRS", "SRC_CRS", "ENCODING", "FLOWS_ENCODING", "DROP_UNKNOWN",
                                  "THREADS")]
              + [Param("OUTPUT", None, lambda: QgsProcessingParameterFileDestination(
                  "OUTPUT", "Output GeoPackage", "GeoPackage (*.gpkg *.GPKG)"), help_key="SWEEP_OUT"),
                 Param("OVERWRITE", None, _bool("OVERWRITE", "Replace an existing output"), True)])
    OUTPUT_HELP = ["SWEEP_OUT", "STABILITY", "SWEEP_TABLE", "ROWS"]

    def add_outputs(self):
        self.addOutput(QgsProcessingOutputVectorLayer("STABILITY", "Units with stability"))
        self.addOutput(QgsProcessingOutputVectorLayer("SWEEP_TABLE", "Sweep table"))
        self.addOutput(QgsProcessingOutputNumber("ROWS", "Rows of the sweep table"))

    def process(self, parameters, context, feedback, tmp):
        import regionet
        opts = self.options(parameters, context, [p for p in self.PARAMS if p.key])
        units, flows = self.inputs(parameters, context, tmp, opts)
        out = self.parameterAsFileOutput(parameters, "OUTPUT", context)
        if self.parameterAsBoolean(parameters, "OVERWRITE", context):
            opts["overwrite"] = True
        res = self.engine(regionet.sweep, feedback, units, flows, output=out, **opts)
        rows = res.data["rows"]
        feedback.pushInfo(table_text(rows))
        swept = [r["level"] for r in rows]
        first = swept[0] if swept else None
        uris = load_on_completion(context, out, ["units", "sweep"], gpkg_provenance(out),
                                  f"regionet sweep: {len(rows)} rows", first and f"{first}_stability")
        return {"OUTPUT": out, "STABILITY": uris["units"], "SWEEP_TABLE": uris["sweep"], "ROWS": len(rows)}
