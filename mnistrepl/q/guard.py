"""Turning stray Python exceptions into q errors, so that nothing but QError leaves the
evaluator. A deep recursion is q's 'stack and a failed allocation 'wsfull, as in q; any
other Python exception is a bug of ours, not the user's, so it is reported as
`'internal Type: detail` (never disguised as 'type): the fuzz tests count those as failures.
"""
from .errors import QError

PY_ERRORS = (RecursionError, MemoryError, ArithmeticError, TypeError, ValueError,
             IndexError, KeyError, AttributeError, OverflowError, UnicodeError,
             LookupError, AssertionError, NotImplementedError, RuntimeError, NameError,
             OSError, ImportError)

DETAIL = 100      # characters of the Python message kept in an 'internal error


def internal(exc):
    """The 'internal QError for an unexpected Python exception: its type and first line.

    >>> internal(KeyError("a")).name
    "internal KeyError: 'a'"
    """
    text = (str(exc).strip() or "").split("\n")[0]
    detail = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return QError(("internal " + detail)[:DETAIL + 9])


def from_python(exc):
    """The QError for a Python exception: RecursionError -> 'stack, MemoryError ->
    'wsfull, anything else 'internal.

    >>> from_python(RecursionError()).name
    'stack'
    >>> from_python(TypeError("bad")).name
    'internal TypeError: bad'
    """
    if isinstance(exc, RecursionError):
        return QError("stack")
    if isinstance(exc, MemoryError):
        return QError("wsfull")
    return internal(exc)
