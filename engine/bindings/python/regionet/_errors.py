"""The engine's error codes (regionet/regionet.h, enum rn_err) as exceptions."""


class Error(Exception):
    """A regionet run failed. ``code`` is the engine's rn_err value, ``name``
    its constant (``"RN_EINPUT"``) and ``message`` the engine's text, which
    names the file, line, unit or option at fault."""

    code = None
    name = "RN_E?"

    def __init__(self, message, code=None):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def __str__(self):
        return f"{self.message} [{self.name}]"


class InputError(Error):
    """Bad input data (RN_EINPUT): a malformed row, unknown code, bad geometry."""

    code, name = 1, "RN_EINPUT"


class IOError_(Error):
    """A file cannot be opened, read or written (RN_EIO)."""

    code, name = 2, "RN_EIO"


class OutOfMemory(Error):
    """The engine ran out of memory (RN_ENOMEM)."""

    code, name = 3, "RN_ENOMEM"


class ParamError(Error):
    """A bad option or parameter (RN_EPARAM)."""

    code, name = 4, "RN_EPARAM"


class InternalError(Error):
    """A failure that should not happen (RN_EINTERNAL)."""

    code, name = 5, "RN_EINTERNAL"


class ExistsError(Error):
    """The output exists and overwrite=True was not given (RN_EEXISTS)."""

    code, name = 6, "RN_EEXISTS"


class Interrupted(Error, KeyboardInterrupt):
    """The run was stopped (Ctrl-C, or a progress callback returning False);
    no output is left behind (RN_EINTERRUPT). Also a KeyboardInterrupt, so
    code that handles Ctrl-C with ``except KeyboardInterrupt`` sees it."""

    code, name = 7, "RN_EINTERRUPT"


_BY_CODE = {c.code: c for c in (InputError, IOError_, OutOfMemory, ParamError,
                                InternalError, ExistsError, Interrupted)}


def error_for(code, message):
    """The exception for an engine return code."""
    cls = _BY_CODE.get(code)
    if cls is None:
        e = Error(message, code)
        e.name = f"RN_E{code}"
        return e
    return cls(message)
