"""ctypes over libregionet.so.0: loading it, and running one app (the
command-line options as argv) on a worker thread so that the GIL is free
and Ctrl-C in the main thread can stop the run cleanly."""
import ctypes
import os
import shutil
import signal
import threading

from ._errors import OutOfMemory, error_for

PROGRESS = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_double, ctypes.c_char_p, ctypes.c_void_p)

_lib = None
_libc = None
_path = None
_load_lock = threading.Lock()


def _candidates():
    env = os.environ.get("REGIONET_LIBRARY")
    if env:
        yield env
        return
    here = os.path.dirname(os.path.abspath(__file__))
    # installed into a prefix beside the library: P/python/regionet or
    # P/lib/python3.X/{site,dist}-packages/regionet -> P/lib
    for up in ("../..", "../../..", "../../../.."):
        yield os.path.normpath(os.path.join(here, up, "lib", "libregionet.so.0"))
    yield "libregionet.so.0"  # the dynamic loader's search path
    exe = shutil.which("regionet")
    if exe:  # a build tree (build/regionet beside build/libregionet.so.0) or a prefix
        d = os.path.dirname(os.path.realpath(exe))
        yield os.path.join(d, "libregionet.so.0")
        yield os.path.normpath(os.path.join(d, "..", "lib", "libregionet.so.0"))


def _declare(lib):
    c = ctypes
    sig = {
        "rn_init": (None, []),
        "rn_ctx_new": (c.c_void_p, []),
        "rn_ctx_free": (None, [c.c_void_p]),
        "rn_ctx_errmsg": (c.c_char_p, [c.c_void_p]),
        "rn_ctx_set_threads": (None, [c.c_void_p, c.c_int]),
        "rn_ctx_set_report": (None, [c.c_void_p, c.c_void_p]),
        "rn_ctx_set_progress": (None, [c.c_void_p, PROGRESS, c.c_void_p]),
        # sig_atomic_t is an int on the platforms Debian supports
        "rn_ctx_set_cancel": (None, [c.c_void_p, c.POINTER(c.c_int)]),
        "rn_app_run": (c.c_int, [c.c_void_p, c.c_int, c.POINTER(c.c_char_p),
                                 c.POINTER(c.c_void_p)]),
        "rn_free": (None, [c.c_void_p]),
        "rn_version": (c.c_char_p, []),
        "rn_versions_string": (None, [c.c_char_p, c.c_size_t]),
        "rn_err_name": (c.c_char_p, [c.c_int]),
        "rn_strerror": (c.c_char_p, [c.c_int]),
    }
    for name, (res, args) in sig.items():
        f = getattr(lib, name)
        f.restype = res
        f.argtypes = args


def load():
    """The loaded library (REGIONET_LIBRARY names it, else it is looked for
    beside this package, on the loader's path, then beside `regionet` on PATH)."""
    global _lib, _libc, _path
    with _load_lock:
        if _lib is not None:
            return _lib
        tried = []
        for cand in _candidates():
            if os.sep in cand and not os.path.exists(cand):
                continue
            try:
                lib = ctypes.CDLL(cand)
            except OSError as e:
                tried.append(f"{cand}: {e}")
                continue
            _declare(lib)
            libc = ctypes.CDLL(None)
            libc.open_memstream.restype = ctypes.c_void_p
            libc.open_memstream.argtypes = [ctypes.POINTER(ctypes.c_void_p),
                                            ctypes.POINTER(ctypes.c_size_t)]
            libc.fclose.argtypes = [ctypes.c_void_p]
            libc.free.argtypes = [ctypes.c_void_p]
            lib.rn_init()
            _lib, _libc, _path = lib, libc, cand
            return lib
        raise ImportError("libregionet.so.0 not found (install regionet with "
                          "`cmake --install`, or set REGIONET_LIBRARY): " + "; ".join(tried))


def library_path():
    """The path of the libregionet loaded (as found)."""
    load()
    return _path


class Run:
    """What one app run gave: its return code, what it printed (``text``), the
    engine's reports (repairs, dropped rows, decisions; ``report``)."""

    def __init__(self, rc, text, report, message):
        self.rc, self.text, self.report, self.message = rc, text, report, message


def _wait(worker, done, flag):
    """Start worker and wait until it has finished; Ctrl-C meanwhile sets
    the engine's cancel flag (the engine then stops at its next progress
    point and removes its temporary output). Returns [interrupted].

    In the main thread, with Python's default SIGINT handling, a handler of
    our own replaces KeyboardInterrupt for the run's duration: an exception
    raised between two bytecodes of a wait loop could leave the loop while
    the engine still runs on a context about to be freed (and a
    KeyboardInterrupt inside Thread.join() can mark a running thread
    finished). Elsewhere (another thread, a caller's own handler) the wait
    is plain; a progress callback returning False still stops the run."""
    got = [False]
    old = None
    if (threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGINT) is signal.default_int_handler):
        def on_sigint(_signum, _frame):
            flag.value = 1
            got[0] = True
        old = signal.signal(signal.SIGINT, on_sigint)
    try:
        worker.start()
        while not done.wait(0.5):  # the handler runs during the wait
            pass
        worker.join()
    finally:
        if old is not None:
            signal.signal(signal.SIGINT, old)
    return got


def run(argv, progress=None, threads=None, check=True):
    """Run the app argv[0] with the options argv[1:] (as on the command line).

    progress(done, message) is called on the worker thread; returning False
    stops the run (Interrupted). Ctrl-C in the main thread sets the run's
    cancel flag: the engine stops at its next progress point, removes its
    temporary output and the call raises Interrupted. The engine runs with
    the GIL released (ctypes drops it for the call)."""
    lib = load()
    ctx = lib.rn_ctx_new()
    if not ctx:
        raise OutOfMemory("cannot create a regionet context")
    flag = ctypes.c_int(0)
    rbuf, rsize = ctypes.c_void_p(), ctypes.c_size_t()
    report = _libc.open_memstream(ctypes.byref(rbuf), ctypes.byref(rsize))
    cb_errors = []
    state = {}
    done = threading.Event()
    worker = None
    try:
        lib.rn_ctx_set_cancel(ctx, ctypes.byref(flag))
        lib.rn_ctx_set_report(ctx, report)
        if threads:
            lib.rn_ctx_set_threads(ctx, int(threads))
        if progress is not None:
            def _cb(done, msg, _arg):
                try:
                    ok = progress(done, msg.decode("utf-8", "replace") if msg else "")
                    return 0 if ok is False else 1
                except BaseException as e:  # noqa: B902 -- re-raised on the caller's thread
                    cb_errors.append(e)
                    return 0
            cb = PROGRESS(_cb)
            lib.rn_ctx_set_progress(ctx, cb, None)
        args = [os.fsencode(str(a)) for a in argv]
        arr = (ctypes.c_char_p * (len(args) + 1))(*args, None)
        text = ctypes.c_void_p()

        def work():
            try:
                state["rc"] = lib.rn_app_run(ctx, len(args), arr, ctypes.byref(text))
            finally:
                done.set()

        worker = threading.Thread(target=work, name="regionet-" + str(argv[0]), daemon=True)
        interrupted = _wait(worker, done, flag)
        rc = state.get("rc", 5)
        out = ctypes.string_at(text.value).decode("utf-8", "replace") if text.value else ""
        lib.rn_free(text)
        message = lib.rn_ctx_errmsg(ctx).decode("utf-8", "replace")
    finally:
        # never free the context under a running engine, whatever was raised
        while worker is not None and worker.ident is not None and not done.is_set():
            flag.value = 1
            try:
                done.wait(0.5)
            except BaseException:  # noqa: B902 -- keep waiting; the first error propagates
                pass
        if report:
            _libc.fclose(report)
        rep = ctypes.string_at(rbuf.value, rsize.value).decode("utf-8", "replace") if rbuf.value else ""
        _libc.free(rbuf)
        lib.rn_ctx_free(ctx)
    lines = [ln for ln in rep.splitlines() if ln]
    interrupted = interrupted[0]
    if cb_errors and not isinstance(cb_errors[0], Exception):
        raise cb_errors[0]  # KeyboardInterrupt / SystemExit inside the callback
    if rc != 0 and check:
        if interrupted:
            message = "interrupted (Ctrl-C); no output was written"
        err = error_for(rc, message)
        err.report = lines
        if cb_errors:
            raise err from cb_errors[0]
        raise err
    if interrupted:  # Ctrl-C came as the run ended: its output is complete
        raise KeyboardInterrupt
    return Run(rc, out, lines, message)


def version():
    return load().rn_version().decode()


def versions():
    buf = ctypes.create_string_buffer(512)
    load().rn_versions_string(buf, len(buf))
    return buf.value.decode()
