"""regionet: functional regions (metropolitan areas, urban areas, life
zones, and published alternative methods) from administrative units and a
commuting origin-destination matrix.

    import regionet
    r = regionet.delineate("KR_SiGun.gpkg", "OD_SiGun_long.csv", id="SiGun_CD",
                           name="SiGun_NM", mass="population",
                           cores="11;21+26;22;24;25+29")
    r.regions("metro")

A thin layer over libregionet.so.0 (ctypes): the options are the command
line's, the results the engine's own files read back with GeoPandas."""
from ._core import Comparison, Result, Sweep, compare, delineate, inspect, methods, sweep
from ._errors import (Error, ExistsError, InputError, InternalError, Interrupted, IOError_,
                      OutOfMemory, ParamError)
from ._lib import library_path, run, version, versions

__version__ = "0.1.0"

__all__ = ["delineate", "sweep", "compare", "inspect", "methods", "run", "version",
           "versions", "library_path", "Result", "Sweep", "Comparison", "Error",
           "InputError", "IOError_", "OutOfMemory", "ParamError", "InternalError",
           "ExistsError", "Interrupted"]
