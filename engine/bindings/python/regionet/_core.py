"""delineate, sweep, compare, inspect, methods: the commands as functions."""
import json
import os
import shutil
import tempfile
import weakref

from . import _args
from ._errors import ExistsError, ParamError
from ._lib import run


def _tmpdir(owner):
    d = tempfile.mkdtemp(prefix="regionet-")
    weakref.finalize(owner, shutil.rmtree, d, True)
    return d


def _sidecar(path):
    # the provenance beside the output: OUT.gpkg -> OUT.gpkg.json (engine/apps/provenance.c)
    return path + ".json"


class Result:
    """A delineation: the output written by the engine (``path``, a
    GeoPackage unless format= said otherwise) and its layers read back as
    GeoDataFrames on first use.

    ``units``: every unit with code, name, mass and per level L_id, L_role,
    L_share, L_reason; ``regions(level)``: the regions of a level dissolved,
    with their statistics; ``links``, ``cores``; ``provenance``: the run's
    record (parameters, inputs' checksums, versions) as a dict; ``summary``:
    what the command prints; ``report``: the engine's report lines."""

    def __init__(self, path, summary, report, tmp):
        self.path = path
        self.summary = summary
        self.report = report
        self._tmp = tmp  # keeps a temporary output alive as long as the result
        self._cache = {}

    def __repr__(self):
        return f"<regionet.Result {self.path} levels={self.levels}>"

    def layer(self, name):
        """Any layer of the output as a (Geo)DataFrame."""
        if name not in self._cache:
            import geopandas
            self._cache[name] = geopandas.read_file(self.path, layer=name)
        return self._cache[name].copy()

    @property
    def provenance(self):
        with open(_sidecar(self.path), encoding="utf-8") as f:
            return json.load(f)

    @property
    def levels(self):
        """The level names, in order ("metro", "urban", "life")."""
        return [lv["name"] for lv in self.provenance["parameters"]["levels"]]

    @property
    def units(self):
        return self.layer("units")

    def regions(self, level):
        if level not in self.levels:
            raise ParamError(f"no level '{level}' (levels: {', '.join(self.levels)})")
        return self.layer(level)

    @property
    def links(self):
        return self.layer("links")

    @property
    def cores(self):
        return self.layer("cores")

    def partition(self, level):
        """{unit code: region id or None} of a level."""
        u = self.units
        return dict(zip(u["code"], u[f"{level}_id"].where(u[f"{level}_id"].notna(), None)))

    def write(self, path, driver=None, overwrite=False):
        """Save the output under path: the engine's own file (styles,
        metadata, spatial index) and its provenance when driver is None or
        "GPKG"; else each layer through GeoPandas with that OGR driver."""
        path = os.fspath(path)
        if os.path.abspath(path) == os.path.abspath(self.path):
            raise ParamError(f"{path} is the result's own file")
        if os.path.exists(path) and not overwrite:
            raise ExistsError(f"{path} exists; give overwrite=True to replace it")
        if driver is None or driver.upper() == "GPKG":
            for src, dst in ((self.path, path), (_sidecar(self.path), _sidecar(path))):
                tmp = dst + ".part"
                shutil.copyfile(src, tmp)
                os.replace(tmp, dst)  # atomic: never a half-written file under dst
            return path
        import fiona
        if os.path.exists(path):
            shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)
        for name in fiona.listlayers(self.path):
            with fiona.open(self.path, layer=name) as c:
                spatial = c.schema.get("geometry") not in (None, "None")
            if spatial:  # the GeoPackage's own tables (layer_styles) stay behind
                self.layer(name).to_file(path, layer=name, driver=driver)
        return path


def _inputs(units, flows, tmp, options):
    return ["--units", _args.stage_units(units, tmp),
            "--flows", _args.stage_flows(flows, tmp, options)]


def delineate(units, flows, *, progress=None, output=None, **options):
    """Delineate functional regions, as ``regionet delineate``.

    units: a path (any OGR source) or a GeoDataFrame; flows: a path (CSV or
    any OGR table) or a DataFrame (origin, destination, value). options are
    the command's, named as on the command line without the dashes and with
    '_' for '-': id=, name=, mass=, cores=, preset=, method=, thresholds=,
    min_mass=, mode=, denominator=, contiguity=, threads= ... (see
    ``regionet delineate --help``). output= writes there (overwrite=True to
    replace it); by default a temporary GeoPackage that lives as long as the
    result. progress(done, message) -> False stops the run."""
    res = Result.__new__(Result)
    tmp = _tmpdir(res)
    options = dict(options)
    argv = ["delineate"] + _inputs(units, flows, tmp, options)
    out = os.fspath(output) if output is not None else os.path.join(tmp, "regions.gpkg")
    argv += _args.option_argv(options) + ["-o", out]
    r = run(argv, progress=progress)
    res.__init__(out, r.text, r.report, tmp)
    return res


class Sweep:
    """A threshold sweep: ``table`` (one row per level and threshold: regions,
    covered, mean_sc_supply, ari, nmi, default), ``units`` (per level the
    default partition L_id and L_stability), ``data`` (the JSON as a dict)."""

    def __init__(self, data, path, tmp):
        import pandas
        self.data = data
        self.table = pandas.DataFrame(data["rows"])
        self.path = path
        self._tmp = tmp

    @property
    def units(self):
        import geopandas
        return geopandas.read_file(self.path, layer="units")

    def __repr__(self):
        return f"<regionet.Sweep {len(self.table)} rows>"


def sweep(units, flows, *, progress=None, output=None, **options):
    """The clustering over a grid of thresholds, as ``regionet sweep``
    (thresholds="0.02:0.30:0.01", level={"metro": "0.03:0.08:0.01"} ...).
    output= writes the units with their stability and the table there
    (overwrite=True to replace it); by default a temporary GeoPackage."""
    res = Sweep.__new__(Sweep)
    tmp = _tmpdir(res)
    options = dict(options)
    argv = ["sweep"] + _inputs(units, flows, tmp, options)
    out = os.fspath(output) if output is not None else os.path.join(tmp, "sweep.gpkg")
    argv += _args.option_argv(options) + ["--json", "-o", out]
    r = run(argv, progress=progress)
    res.__init__(json.loads(r.text), out, tmp)
    return res


class Comparison:
    """Two partitions compared: ``indices`` (adjusted_rand, rand, nmi, vi),
    ``split`` and ``merge`` (one row per region of one side and piece of the
    other: region, units, piece, piece_units), ``data`` (the JSON)."""

    def __init__(self, data):
        self.data = data
        self.indices = {k: data[k] for k in ("adjusted_rand", "rand", "nmi", "vi") if k in data}
        self.split = self._pieces(data.get("split", []))
        self.merge = self._pieces(data.get("merge", []))

    @staticmethod
    def _pieces(rows):
        import pandas
        flat = [{"region": r["region"], "units": r["units"], "piece": p["region"],
                 "piece_units": p["units"]} for r in rows for p in r.get("pieces", [])]
        return pandas.DataFrame(flat, columns=["region", "units", "piece", "piece_units"])

    def __repr__(self):
        return "<regionet.Comparison " + " ".join(f"{k}={v:.4f}" for k, v in self.indices.items()) + ">"


def _partition_spec(p, tmp, k, id_field):
    """"FILE[:LAYER]:FIELD" as given; (Result, level); or (DataFrame, field)."""
    if isinstance(p, str):
        return p
    if isinstance(p, tuple) and len(p) == 2:
        src, field = p
        if isinstance(src, Result):
            return f"{src.path}:units:{field}_id"
        if _args.is_frame(src):
            if id_field not in src.columns or field not in src.columns:
                raise ParamError(f"partition {k}: needs columns '{id_field}' and '{field}'")
            path = os.path.join(tmp, f"partition{k}.csv")
            src[[id_field, field]].to_csv(path, index=False)
            return f"{path}:{field}"
        if isinstance(src, (str, os.PathLike)):
            return f"{os.fspath(src)}:{field}"
    raise ParamError("a partition is 'FILE[:LAYER]:FIELD', (Result, level) or (DataFrame, field)")


def compare(a, b, *, id=None, nulls=None):
    """Compare two partitions of the same units, as ``regionet compare``."""
    holder = Comparison.__new__(Comparison)
    tmp = _tmpdir(holder)
    idf = id or "code"
    argv = ["compare", _partition_spec(a, tmp, 1, idf), _partition_spec(b, tmp, 2, idf), "--json"]
    argv += _args.option_argv({"id": id, "nulls": nulls})
    r = run(argv)
    holder.__init__(json.loads(r.text))
    return holder


def inspect(units, flows, **options):
    """Units, flows and adjacency summarised, as ``regionet inspect --json``
    (a dict)."""
    tmp = tempfile.mkdtemp(prefix="regionet-")
    try:
        options = dict(options)
        argv = ["inspect"] + _inputs(units, flows, tmp, options)
        return json.loads(run(argv + _args.option_argv(options) + ["--json"]).text)
    finally:
        shutil.rmtree(tmp, True)


def methods():
    """{name: summary} of the delineation methods (``regionet methods``)."""
    out = {}
    for line in run(["methods"]).text.splitlines():
        name, _, summary = line.partition(" ")
        if name:
            out[name] = summary.strip()
    return out
