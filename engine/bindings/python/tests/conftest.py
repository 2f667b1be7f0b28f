"""Shared fixtures: the data, the CLI (for runs to compare with), and the
Korean main job run once through Python and once through the CLI."""
import os
import shutil
import subprocess
import warnings

import pytest

# GeoPandas 0.12 over Shapely 1.8 warns on every multi-polygon it prints
warnings.filterwarnings("ignore", message=".*multi-part geometries.*")

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.environ.get("RN_DATA") or os.path.normpath(os.path.join(HERE, "../../../../datasets"))
KR = os.path.join(DATA, "kr")
IT = os.path.join(DATA, "it")
KR_UNITS = os.path.join(KR, "KR_SiGun.gpkg")
KR_FLOWS = os.path.join(KR, "OD_SiGun_long.csv")
KR_OPTS = dict(id="SiGun_CD", name="SiGun_NM", mass="population", cores="11;21+26;22;24;25+29")
BR_UNITS = os.path.join(IT, "shpBrindisi.gpkg")
BR_FLOWS = os.path.join(IT, "Brindisi_flows.csv")
LEVELS = ["metro", "urban", "life"]


def cli():
    exe = os.environ.get("RN_BIN") or shutil.which("regionet")
    if not exe:
        pytest.fail("the regionet CLI is needed (RN_BIN or PATH) to compare with")
    return exe


def run_cli(*args):
    p = subprocess.run([cli(), *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


@pytest.fixture(scope="session")
def korea_py():
    import regionet
    return regionet.delineate(KR_UNITS, KR_FLOWS, **KR_OPTS)


@pytest.fixture(scope="session")
def korea_cli(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("cli") / "korea.gpkg")
    rc, so, se = run_cli("delineate", "--units", KR_UNITS, "--id", "SiGun_CD", "--name", "SiGun_NM",
                         "--mass", "population", "--flows", KR_FLOWS,
                         "--cores", "11;21+26;22;24;25+29", "-o", out)
    assert rc == 0, se
    return out
