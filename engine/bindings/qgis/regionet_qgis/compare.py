"""regionet:compare -- two partitions of the same units, as `regionet compare`."""
from qgis.core import (QgsFeature, QgsFeatureSink, QgsField, QgsFields, QgsProcessing,
                       QgsProcessingException, QgsProcessingOutputNumber, QgsProcessingParameterFeatureSink,
                       QgsProcessingParameterVectorLayer, QgsWkbTypes)
from qgis.PyQt.QtCore import QVariant

from . import help_texts
from .common import Param, RegionetAlgorithm, _enum, _field, _string, layer_file

INDICES = [("ADJUSTED_RAND", "adjusted_rand", "Adjusted Rand index"), ("RAND", "rand", "Rand index"),
           ("NMI", "nmi", "Normalised mutual information"), ("VI", "vi", "Variation of information")]


def _layer(name, desc):
    return lambda: QgsProcessingParameterVectorLayer(name, desc, [QgsProcessing.TypeVector])


class CompareAlgorithm(RegionetAlgorithm):
    NAME = "compare"
    TITLE = "Compare two partitions"
    HELP = help_texts.COMPARE
    PARAMS = [Param("LAYER_A", None, _layer("LAYER_A", "Partition A: layer")),
              Param("FIELD_A", None, _field("FIELD_A", "Partition A: region field", "LAYER_A", optional=False)),
              Param("LAYER_B", None, _layer("LAYER_B", "Partition B: layer")),
              Param("FIELD_B", None, _field("FIELD_B", "Partition B: region field", "LAYER_B", optional=False)),
              Param("ID", "id", _string("ID", "Unit code field (both sides)", "code"), help_key="COMPARE_ID"),
              Param("NULLS", "nulls", _enum("NULLS", "Units in no region", ["singleton", "class", "drop"],
                                            "singleton")),
              Param("OUTPUT", None, lambda: QgsProcessingParameterFeatureSink(
                  "OUTPUT", "Split/merge table", QgsProcessing.TypeVector), help_key="SPLIT_MERGE")]
    OUTPUT_HELP = ["SPLIT_MERGE"] + [n for n, _, _ in INDICES]

    def add_outputs(self):
        for name, _, desc in INDICES:
            self.addOutput(QgsProcessingOutputNumber(name, desc))

    def _side(self, parameters, context, tmp, k):
        layer = self.parameterAsVectorLayer(parameters, f"LAYER_{k}", context)
        fields = self.parameterAsFields(parameters, f"FIELD_{k}", context)
        if layer is None or not fields:
            raise QgsProcessingException(f"Partition {k}: a layer and its region field are needed")
        path, lname = layer_file(layer, tmp, f"partition_{k.lower()}", context)
        return f"{path}:{lname}:{fields[0]}" if lname else f"{path}:{fields[0]}"

    def process(self, parameters, context, feedback, tmp):
        import regionet
        opts = self.options(parameters, context, [p for p in self.PARAMS if p.key])
        a = self._side(parameters, context, tmp, "A")
        b = self._side(parameters, context, tmp, "B")
        feedback.pushInfo(f"A: {a}\nB: {b}")
        res = self.engine(regionet.compare, feedback, a, b, with_progress=False, **opts)
        d = res.data
        results = {}
        for name, key, desc in INDICES:
            results[name] = d[key]
            feedback.pushInfo(f"{desc} ({key}): {d[key]:.6f}")
        for k in ("regions_a", "regions_b", "units", "only_a", "only_b"):
            if k in d and not isinstance(d[k], (list, dict)):
                feedback.pushInfo(f"{k}: {d[k]}")
        fields = QgsFields()
        for n, t in (("table", QVariant.String), ("region", QVariant.String), ("units", QVariant.Int),
                     ("piece", QVariant.String), ("piece_units", QVariant.Int)):
            fields.append(QgsField(n, t))
        sink, dest = self.parameterAsSink(parameters, "OUTPUT", context, fields, QgsWkbTypes.NoGeometry)
        if sink is None:
            raise QgsProcessingException("cannot create the split/merge table")
        for table, frame in (("split", res.split), ("merge", res.merge)):
            for row in frame.itertuples(index=False):
                f = QgsFeature(fields)
                f.setAttributes([table, str(row.region), int(row.units), str(row.piece), int(row.piece_units)])
                sink.addFeature(f, QgsFeatureSink.FastInsert)
            feedback.pushInfo(f"{table}: {frame['region'].nunique()} regions in several pieces")
        results["OUTPUT"] = dest
        return results
