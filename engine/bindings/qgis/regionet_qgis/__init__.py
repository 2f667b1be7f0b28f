"""regionet for QGIS: a Processing provider over the regionet Python package.

scripts/install_qgis_plugin.sh puts the package beside this plugin (ext/)
and names the library it was installed with (library.txt); both are used
here before the package is imported, so QGIS needs no PYTHONPATH or
LD_LIBRARY_PATH of its own."""
import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))


def _setup_paths():
    ext = os.path.join(_HERE, "ext")
    if os.path.isdir(ext) and ext not in sys.path:
        sys.path.insert(0, ext)
    lib = os.path.join(_HERE, "library.txt")
    if "REGIONET_LIBRARY" not in os.environ and os.path.exists(lib):
        with open(lib, encoding="utf-8") as f:
            path = f.read().strip()
        if path and os.path.exists(path):
            os.environ["REGIONET_LIBRARY"] = path


_setup_paths()


def classFactory(iface):  # noqa: N802 -- QGIS's name
    from .plugin import RegionetPlugin
    return RegionetPlugin(iface)
