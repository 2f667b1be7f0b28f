"""delineate through Python gives the CLI's partition and statistics, from
files or from in-memory frames; the result's parts; threads change nothing."""
import json
import os
import threading
import time

import geopandas
import pandas
import pytest

import regionet
from conftest import BR_FLOWS, BR_UNITS, KR_FLOWS, KR_OPTS, KR_UNITS, LEVELS

UNIT_COLS = ["code", "name", "mass"] + [f"{lv}_{k}" for lv in LEVELS for k in ("id", "role", "share", "reason")]
REGION_COLS = ["region_id", "name", "n_units", "mass", "residents", "internal", "sc_supply",
               "sc_demand", "cores", "threshold"]


def table(df, cols, key):
    return pandas.DataFrame(df)[cols].sort_values(key).reset_index(drop=True)


def assert_same_run(a, b_units, b_regions):
    """a: a Result; b_*: the other run's units layer and {level: regions}."""
    pandas.testing.assert_frame_equal(table(a.units, UNIT_COLS, "code"),
                                      table(b_units, UNIT_COLS, "code"))
    for lv in LEVELS:
        pandas.testing.assert_frame_equal(table(a.regions(lv), REGION_COLS, "region_id"),
                                          table(b_regions[lv], REGION_COLS, "region_id"))


def test_korea_same_as_cli(korea_py, korea_cli):
    cli_units = geopandas.read_file(korea_cli, layer="units")
    cli_regions = {lv: geopandas.read_file(korea_cli, layer=lv) for lv in LEVELS}
    assert_same_run(korea_py, cli_units, cli_regions)
    # the study's five metropolitan areas (tests/cli/test_korea_e2e.sh)
    m = korea_py.regions("metro")
    assert sorted(m["name"]) == ["Busan-Ulsan", "Daegu", "Daejeon-Sejong", "Gwangju", "Seoul"]
    assert len(korea_py.units) == 159
    # the same links and cores
    for name in ("links", "cores"):
        a = pandas.DataFrame(getattr(korea_py, name)).drop(columns="geometry")
        b = pandas.DataFrame(geopandas.read_file(korea_cli, layer=name)).drop(columns="geometry")
        pandas.testing.assert_frame_equal(a.sort_values(list(a.columns)).reset_index(drop=True),
                                          b.sort_values(list(b.columns)).reset_index(drop=True))


def test_korea_geometries_and_provenance(korea_py):
    u = korea_py.units
    assert u.crs.to_epsg() == 5179
    assert u.geometry.is_valid.all()
    p = korea_py.provenance
    assert p["parameters"]["levels"][0]["cores"] == "11;21+26;22;24;25+29"
    assert p["parameters"]["denominator"] == "out"  # the KTDB diagonal is zero
    assert korea_py.levels == LEVELS
    # residents of a metro region = sum of its members' outflows (the flows file)
    f = pandas.read_csv(KR_FLOWS, dtype={"origin": str, "dest": str})
    out = f.groupby("origin")["flow"].sum()
    m = korea_py.regions("metro").set_index("region_id")
    members = u[u["metro_id"].notna()].groupby("metro_id")["code"].apply(list)
    for rid, codes in members.items():
        assert m.loc[rid, "residents"] == pytest.approx(out[codes].sum(), rel=1e-9)


def test_frames_same_as_files(korea_py):
    units = geopandas.read_file(KR_UNITS)
    flows = pandas.read_csv(KR_FLOWS, dtype={"origin": str, "dest": str})
    # rows in another order: the result does not depend on it
    units = units.iloc[::-1].reset_index(drop=True)
    flows = flows.sample(frac=1.0, random_state=7).reset_index(drop=True)
    r = regionet.delineate(units, flows, **KR_OPTS)
    assert_same_run(r, korea_py.units, {lv: korea_py.regions(lv) for lv in LEVELS})


def test_flow_frame_named_columns():
    # origin / destination / value columns in any order are recognised
    f = pandas.read_csv(BR_FLOWS)
    f = f.rename(columns={"community_live": "origin", "community_work": "destination",
                          "amount": "value"})[["value", "destination", "origin"]]
    a = regionet.delineate(BR_UNITS, f, id="PRO_COM", method="ttwa", compat="istat")
    b = regionet.delineate(BR_UNITS, BR_FLOWS, id="PRO_COM", method="ttwa", compat="istat")
    assert a.partition("ttwa") == b.partition("ttwa")
    assert len(a.regions("ttwa")) == 9  # Istat's LabourMarketAreas 3.4 (test_ttwa.c)


def test_threads_do_not_matter(korea_py):
    r = regionet.delineate(KR_UNITS, KR_FLOWS, threads=1, **KR_OPTS)
    for lv in LEVELS:
        assert r.partition(lv) == korea_py.partition(lv)


def test_options_as_keywords():
    r = regionet.delineate(BR_UNITS, BR_FLOWS, id="PRO_COM", name="NOME_COM", mass="POP2001",
                           thresholds=[0.05, 0.1, 0.2], min_mass=[0, 0, 0], contiguity="ignore")
    p = r.provenance["parameters"]
    assert [lv["threshold"] for lv in p["levels"]] == pytest.approx([0.05, 0.1, 0.2])
    assert [lv["min_mass"] for lv in p["levels"]] == [0, 0, 0]
    assert p["contiguity"] == "ignore"
    assert r.provenance["command"][1:3] == ["delineate", "--units"]


def test_write(tmp_path, korea_py):
    dst = tmp_path / "copy.gpkg"
    korea_py.write(dst)
    assert len(geopandas.read_file(dst, layer="metro")) == 5
    assert json.load(open(tmp_path / "copy.gpkg.json"))["tool"] == "regionet"
    with pytest.raises(regionet.ExistsError):
        korea_py.write(dst)
    korea_py.write(dst, overwrite=True)
    gj = tmp_path / "shp"
    korea_py.write(gj, driver="ESRI Shapefile")
    assert len(geopandas.read_file(gj / "metro.shp")) == 5


def test_output_and_overwrite(tmp_path):
    out = tmp_path / "br.gpkg"
    args = dict(id="PRO_COM", method="ttwa", compat="istat", output=out)
    r = regionet.delineate(BR_UNITS, BR_FLOWS, **args)
    assert r.path == str(out) and out.exists()
    before = out.read_bytes()
    with pytest.raises(regionet.ExistsError) as e:
        regionet.delineate(BR_UNITS, BR_FLOWS, **args)
    assert "--overwrite" in e.value.message and out.read_bytes() == before
    regionet.delineate(BR_UNITS, BR_FLOWS, overwrite=True, **args)


def test_gil_released_during_a_run():
    ticks = []
    stop = threading.Event()

    def count():
        while not stop.is_set():
            ticks.append(1)
            time.sleep(0.001)

    t = threading.Thread(target=count)
    t.start()
    seen = []
    try:
        # progress says when the engine is inside the run
        regionet.delineate(KR_UNITS, KR_FLOWS, progress=lambda d, m: seen.append(len(ticks)),
                           **KR_OPTS)
    finally:
        stop.set()
        t.join()
    # the counting thread kept running between the engine's progress calls
    assert len(seen) >= 2 and seen[-1] - seen[0] >= 5, seen[:3] + seen[-3:]


def test_methods_and_inspect():
    m = regionet.methods()
    assert {"netcon", "ttwa", "cbsa", "fua"} <= set(m)
    i = regionet.inspect(KR_UNITS, KR_FLOWS, id="SiGun_CD")
    assert i["units"]["count"] == 159
    f = pandas.read_csv(KR_FLOWS)
    assert i["flows"]["total"] == pytest.approx(f["flow"].sum(), rel=1e-12)
    assert i["flows"]["default_denominator"] == "out"


def test_version():
    assert regionet.version() == regionet.__version__
    assert regionet.versions().startswith("regionet " + regionet.__version__ + "; GDAL ")
    assert os.path.exists(regionet.library_path()) or regionet.library_path() == "libregionet.so.0"
