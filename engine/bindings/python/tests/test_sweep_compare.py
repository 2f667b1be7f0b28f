"""sweep and compare through Python give the CLI's numbers as DataFrames."""
import json

import pandas
import pytest

import regionet
from conftest import KR_FLOWS, KR_OPTS, KR_UNITS, LEVELS, run_cli

CLI_KR = ["--units", KR_UNITS, "--id", "SiGun_CD", "--name", "SiGun_NM", "--mass", "population",
          "--flows", KR_FLOWS, "--cores", "11;21+26;22;24;25+29"]


def test_sweep_korea(korea_py):
    s = regionet.sweep(KR_UNITS, KR_FLOWS, thresholds="0.05,0.10,0.20", **KR_OPTS)
    t = s.table
    assert len(t) == 9 and list(t["level"].unique()) == LEVELS
    # the default thresholds (5/10/20%) give the delineation's regions
    for lv, th in zip(LEVELS, (0.05, 0.10, 0.20)):
        row = t[(t["level"] == lv) & (t["threshold"].round(6) == th)].iloc[0]
        assert bool(row["default"]) and row["adjusted_rand"] == 1.0
        assert row["regions"] == len(korea_py.regions(lv))
    u = s.units
    assert len(u) == 159
    for lv in LEVELS:
        assert u[f"{lv}_stability"].between(0, 1).all()
        got = dict(zip(u["code"], u[f"{lv}_id"].where(u[f"{lv}_id"].notna(), None)))
        assert got == korea_py.partition(lv)
    # the CLI's table, number for number
    rc, so, se = run_cli("sweep", *CLI_KR, "--thresholds", "0.05,0.10,0.20", "--json")
    assert rc == 0, se
    assert json.loads(so)["rows"] == s.data["rows"]


def test_sweep_output(tmp_path):
    """output= writes the sweep there; an existing file needs overwrite=True."""
    out = tmp_path / "sweep.gpkg"
    s = regionet.sweep(KR_UNITS, KR_FLOWS, thresholds="0.2", level="metro=0.05", output=out, **KR_OPTS)
    assert s.path == str(out) and out.exists() and len(s.units) == 159
    with pytest.raises(regionet.ExistsError):
        regionet.sweep(KR_UNITS, KR_FLOWS, thresholds="0.2", output=out, **KR_OPTS)
    regionet.sweep(KR_UNITS, KR_FLOWS, thresholds="0.2", output=out, overwrite=True, **KR_OPTS)


def test_compare_korea_levels(korea_py, korea_cli):
    c = regionet.compare((korea_py, "metro"), (korea_py, "life"))
    rc, so, se = run_cli("compare", f"{korea_cli}:units:metro_id", f"{korea_cli}:units:life_id",
                         "--json")
    assert rc == 0, se
    cli = json.loads(so)
    for k in ("adjusted_rand", "rand", "nmi", "vi"):
        assert c.indices[k] == cli[k]
    # the split table flattened: one row per (region, piece)
    n_pieces = sum(len(r["pieces"]) for r in cli["split"])
    assert len(c.split) == n_pieces and list(c.split.columns) == ["region", "units", "piece",
                                                                  "piece_units"]
    assert (c.split.groupby("region")["piece_units"].sum() ==
            c.split.groupby("region")["units"].first()).all()


def test_compare_identical_and_frames(korea_py):
    same = regionet.compare((korea_py, "life"), (korea_py, "life"))
    assert same.indices["adjusted_rand"] == 1.0 and same.indices["vi"] == pytest.approx(0.0, abs=1e-12)
    assert same.split.empty and same.merge.empty
    # a partition as a DataFrame: every unit in one region -> VI = H(life)
    df = pandas.DataFrame({"code": korea_py.units["code"], "one": "all"})
    c = regionet.compare((df, "one"), (korea_py, "life"))
    assert c.indices["adjusted_rand"] == pytest.approx(0.0, abs=1e-12)
    assert c.indices["nmi"] == pytest.approx(0.0, abs=1e-12)
