"""The Processing provider `regionet`."""
import os

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

_ICON = os.path.join(os.path.dirname(os.path.abspath(__file__)), "icon.svg")


class RegionetProvider(QgsProcessingProvider):
    def id(self):
        return "regionet"

    def name(self):
        return "regionet"

    def longName(self):  # noqa: N802
        try:
            import regionet
            return f"regionet {regionet.version()}"
        except Exception:  # noqa: BLE001 -- the name only
            return "regionet"

    def icon(self):
        return QIcon(_ICON)

    def svgIconPath(self):  # noqa: N802
        return _ICON

    def loadAlgorithms(self):  # noqa: N802
        from .compare import CompareAlgorithm
        from .delineate import DelineateAlgorithm
        from .inspect_alg import InspectAlgorithm
        from .sweep import SweepAlgorithm
        for alg in (DelineateAlgorithm(), SweepAlgorithm(), CompareAlgorithm(), InspectAlgorithm()):
            self.addAlgorithm(alg)
