"""Keyword options -> command-line argv, and in-memory inputs -> files."""
import os

from ._errors import ParamError

# options that may be given more than once on the command line
_REPEAT = {"lco", "dsco", "level"}


def _scalar(v):
    if isinstance(v, float):
        return repr(v)
    return str(v)


def _cores(v):
    # "11;21+26" or ["11", ["21", "26"]] -> "11;21+26"
    if isinstance(v, str):
        return v
    return ";".join("+".join(map(str, c)) if isinstance(c, (list, tuple)) else str(c) for c in v)


def option_argv(options):
    """Keyword arguments named as the command-line options (``min_mass=`` for
    ``--min-mass``): True gives the flag, False/None leave the option out, a
    list or tuple is joined by commas (``thresholds=[0.05, 0.1, 0.2]``), a
    dict or list for a repeatable option (lco=, dsco=, level=) repeats it."""
    argv = []
    for key, v in options.items():
        if v is None or v is False:
            continue
        opt = "--" + key.rstrip("_").replace("_", "-")
        if v is True:
            argv.append(opt)
        elif key in _REPEAT:
            items = [f"{k}={x}" for k, x in v.items()] if isinstance(v, dict) else (
                [v] if isinstance(v, str) else list(v))
            for it in items:
                argv += [opt, _scalar(it)]
        elif key == "cores":
            argv += [opt, _cores(v)]
        elif isinstance(v, (list, tuple)):
            argv += [opt, ",".join(_scalar(x) for x in v)]
        elif isinstance(v, dict):
            raise ParamError(f"{opt}: a dict is accepted only for lco, dsco and level")
        else:
            argv += [opt, _scalar(v)]
    return argv


def is_frame(x):
    return hasattr(x, "to_csv") and hasattr(x, "columns")


def stage_units(units, tmpdir):
    """A path as it is; a GeoDataFrame written to a GeoPackage in tmpdir (the
    engine reads files: its readers, checksums and provenance work on paths)."""
    if isinstance(units, (str, os.PathLike)):
        return os.fspath(units)
    if not hasattr(units, "geometry"):
        raise ParamError("units: a path or a GeoDataFrame")
    if units.crs is None:
        raise ParamError("units: the GeoDataFrame has no CRS (set it with .set_crs)")
    path = os.path.join(tmpdir, "units.gpkg")
    units.to_file(path, layer="units", driver="GPKG")
    return path


def stage_flows(flows, tmpdir, options):
    """A path as it is; a DataFrame written as CSV in tmpdir. Columns named
    origin / destination (or dest) / value are used as such unless
    origin=, dest=, value= say otherwise; else the first three."""
    if isinstance(flows, (str, os.PathLike)):
        return os.fspath(flows)
    if not is_frame(flows):
        raise ParamError("flows: a path or a DataFrame (origin, destination, value)")
    cols = list(flows.columns)
    named = {"origin": "origin", "dest": "destination" if "destination" in cols else "dest",
             "value": "value"}
    for opt, col in named.items():
        if options.get(opt) is None and col in cols:
            options[opt] = col
    path = os.path.join(tmpdir, "flows.csv")
    flows.to_csv(path, index=False)
    return path
