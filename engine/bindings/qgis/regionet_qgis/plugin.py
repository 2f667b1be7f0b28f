"""The plugin: registers the Processing provider (in the desktop, in
qgis_process through initProcessing, and in scripts that start it)."""
from qgis.core import QgsApplication


class RegionetPlugin:
    def __init__(self, iface):
        self.iface = iface
        self.provider = None

    def initProcessing(self):  # noqa: N802 -- QGIS's name
        if self.provider is None:
            from .provider import RegionetProvider
            self.provider = RegionetProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):  # noqa: N802
        self.initProcessing()

    def unload(self):
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
