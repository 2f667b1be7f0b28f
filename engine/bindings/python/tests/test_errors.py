"""Every error class, raised with the engine's code and message; Ctrl-C and a
progress callback stop a run and leave nothing behind."""
import os
import signal
import time

import pandas
import pytest

import regionet
from regionet import _lib
from conftest import BR_FLOWS, BR_UNITS, KR_FLOWS, KR_OPTS, KR_UNITS

ALL = [regionet.InputError, regionet.IOError_, regionet.OutOfMemory, regionet.ParamError,
       regionet.InternalError, regionet.ExistsError, regionet.Interrupted]


def test_classes_follow_the_engine_codes():
    lib = _lib.load()
    for cls in ALL:
        assert issubclass(cls, regionet.Error)
        assert lib.rn_err_name(cls.code).decode() == cls.name
    assert sorted(c.code for c in ALL) == list(range(1, 8))


def test_input_error_names_the_line():
    f = pandas.DataFrame({"origin": ["74001", "74001"], "destination": ["74002", "99999"],
                          "value": [3, 5]})
    with pytest.raises(regionet.InputError) as e:
        regionet.delineate(BR_UNITS, f, id="PRO_COM")
    assert e.value.code == 1 and e.value.name == "RN_EINPUT"
    assert "flows.csv:3: unknown destination code '99999'" in e.value.message
    assert "[RN_EINPUT]" in str(e.value)


def test_input_error_bad_number(tmp_path):
    p = tmp_path / "f.csv"
    p.write_text("o,d,v\n74001,74002,abc\n")
    with pytest.raises(regionet.InputError) as e:
        regionet.inspect(BR_UNITS, p, id="PRO_COM")
    assert f"{p}:2: column 'v': value 'abc' is not a number" in e.value.message


def test_io_error():
    with pytest.raises(regionet.IOError_) as e:
        regionet.delineate("/nonexistent/units.gpkg", BR_FLOWS, id="PRO_COM")
    assert e.value.code == 2 and "/nonexistent/units.gpkg" in e.value.message


def test_param_errors():
    with pytest.raises(regionet.ParamError) as e:
        regionet.delineate(BR_UNITS, BR_FLOWS, id="PRO_COM", bogus=1)
    assert "unknown option '--bogus'" in e.value.message
    with pytest.raises(regionet.ParamError) as e:
        regionet.delineate(BR_UNITS, BR_FLOWS, id="NOPE")
    assert "no field 'NOPE'" in e.value.message and e.value.code == 4
    with pytest.raises(regionet.ParamError):
        regionet.delineate(BR_UNITS, BR_FLOWS, id="PRO_COM", method="nosuchmethod")


def test_exists_error(tmp_path):
    out = tmp_path / "x.gpkg"
    out.write_bytes(b"keep")
    with pytest.raises(regionet.ExistsError) as e:
        regionet.delineate(BR_UNITS, BR_FLOWS, id="PRO_COM", output=out)
    assert e.value.code == 6 and out.read_bytes() == b"keep"


def test_progress_false_interrupts(tmp_path):
    out = tmp_path / "k.gpkg"
    calls = []

    def progress(done, msg):
        calls.append(done)
        return done < 0.5

    with pytest.raises(regionet.Interrupted) as e:
        regionet.delineate(KR_UNITS, KR_FLOWS, output=out, progress=progress, **KR_OPTS)
    assert e.value.code == 7 and isinstance(e.value, KeyboardInterrupt)
    assert calls and os.listdir(tmp_path) == []


def test_progress_exception_propagates(tmp_path):
    def progress(done, msg):
        raise ValueError("from the callback")

    with pytest.raises(regionet.Interrupted) as e:
        regionet.delineate(BR_UNITS, BR_FLOWS, id="PRO_COM", output=tmp_path / "o.gpkg",
                           progress=progress)
    assert isinstance(e.value.__cause__, ValueError)
    assert os.listdir(tmp_path) == []


def test_ctrl_c_stops_cleanly(tmp_path):
    """SIGINT to the process mid-run, as Ctrl-C: the main thread's
    KeyboardInterrupt sets the engine's cancel flag, the run stops, the
    temporary output is removed, and Interrupted is raised."""
    out = tmp_path / "k.gpkg"
    fired = []

    def progress(done, msg):
        if not fired and done >= 0.3:
            fired.append(done)
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.5)  # the main thread turns it into the cancel flag meanwhile
        return True

    t0 = time.monotonic()
    # Python's own Ctrl-C handling, even if this process inherited SIGINT ignored
    old = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(regionet.Interrupted) as e:
            regionet.delineate(KR_UNITS, KR_FLOWS, output=out, progress=progress, **KR_OPTS)
    finally:
        signal.signal(signal.SIGINT, old)
    assert fired and "Ctrl-C" in e.value.message
    assert os.listdir(tmp_path) == []
    assert time.monotonic() - t0 < 30
    # the process goes on normally afterwards
    r = regionet.delineate(BR_UNITS, BR_FLOWS, id="PRO_COM", method="ttwa", compat="istat")
    assert len(r.regions("ttwa")) == 9


def test_bad_arguments_from_python():
    with pytest.raises(regionet.ParamError):
        regionet.delineate(42, BR_FLOWS, id="PRO_COM")
    with pytest.raises(regionet.ParamError):
        regionet.delineate(BR_UNITS, BR_FLOWS, id="PRO_COM").regions("nolevel")


def test_ctrl_c_from_outside(tmp_path):
    """A script interrupted as from a terminal (SIGINT from another process):
    it ends with Interrupted, exit status non-zero, and no output file."""
    import subprocess
    import sys

    out = tmp_path / "k.gpkg"
    script = tmp_path / "run.py"
    script.write_text(
        "import signal, sys, time, regionet\n"
        "signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal\n"
        "held = []\n"
        "def p(done, msg):\n"
        "    print('progress', done, flush=True)\n"
        # the run waits here for the signal, so it cannot finish before it
        "    if done >= 0.2 and not held:\n"
        "        held.append(1)\n"
        "        time.sleep(3)\n"
        f"regionet.delineate({KR_UNITS!r}, {KR_FLOWS!r}, output={str(out)!r}, progress=p,"
        f" **{KR_OPTS!r})\n"
        "print('finished', flush=True)\n")
    p = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env=os.environ.copy())
    for line in p.stdout:
        if line.startswith("progress") and float(line.split()[1]) >= 0.2:
            p.send_signal(signal.SIGINT)
            break
    rest, err = p.communicate(timeout=60)
    assert p.returncode != 0, rest
    assert "finished" not in rest
    assert "regionet._errors.Interrupted" in err and "Ctrl-C" in err, err[-500:]
    assert sorted(os.listdir(tmp_path)) == ["run.py"]
