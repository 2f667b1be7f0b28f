"""regionet:inspect -- the inputs summarised, as `regionet inspect`."""
import html

from qgis.core import QgsProcessingOutputString, QgsProcessingParameterFileDestination

from . import help_texts
from .common import INPUTS, Param, RegionetAlgorithm


def argv(opts):
    """The package's keyword options as command-line options."""
    out = []
    for k, v in opts.items():
        opt = "--" + k.replace("_", "-")
        out += [opt] if v is True else [opt, str(v)]
    return out


class InspectAlgorithm(RegionetAlgorithm):
    NAME = "inspect"
    TITLE = "Inspect units and flows"
    HELP = help_texts.INSPECT
    PARAMS = list(INPUTS) + [Param("OUTPUT", None, lambda: QgsProcessingParameterFileDestination(
        "OUTPUT", "Report (HTML)", "HTML files (*.html *.htm)"), help_key="REPORT")]
    OUTPUT_HELP = ["REPORT", "JSON"]

    def add_outputs(self):
        self.addOutput(QgsProcessingOutputString("JSON", "Inspection (JSON)"))

    def process(self, parameters, context, feedback, tmp):
        import regionet
        opts = self.options(parameters, context, [p for p in self.PARAMS if p.key])
        units, flows = self.inputs(parameters, context, tmp, opts)
        base = ["inspect", "--units", units, "--flows", flows] + argv(opts)
        text = self.engine(regionet.run, feedback, base).text
        feedback.pushInfo(text)
        js = self.engine(regionet.run, feedback, base + ["--json"], with_progress=False).text
        out = self.parameterAsFileOutput(parameters, "OUTPUT", context)
        page = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>regionet inspect</title>"
                "</head><body><h1>regionet inspect</h1>"
                f"<p>Units: {html.escape(units)}<br>Flows: {html.escape(flows)}</p>"
                f"<pre>{html.escape(text)}</pre></body></html>\n")
        with open(out, "w", encoding="utf-8") as f:
            f.write(page)
        return {"OUTPUT": out, "JSON": js}
