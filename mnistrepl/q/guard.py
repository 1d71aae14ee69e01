"""Turning stray Python exceptions into q errors, so that nothing but QError leaves the
evaluator (a deep recursion is q's 'stack, a failed allocation 'wsfull; anything else is
a primitive meeting an argument it does not handle, reported as the nearest q error)."""
from .errors import QError

PY_ERRORS = (RecursionError, MemoryError, ArithmeticError, TypeError, ValueError,
             IndexError, KeyError, AttributeError, OverflowError, UnicodeError)


def from_python(exc):
    """The QError for a Python exception: RecursionError -> 'stack, and so on.

    >>> from_python(RecursionError()).name
    'stack'
    """
    if isinstance(exc, RecursionError):
        name = "stack"
    elif isinstance(exc, MemoryError):
        name = "wsfull"
    elif isinstance(exc, (ArithmeticError, OverflowError)):
        name = "domain"
    elif isinstance(exc, IndexError):
        name = "length"
    elif isinstance(exc, (TypeError, ValueError, KeyError, AttributeError, UnicodeError)):
        name = "type"
    else:
        name = "nyi"
    return QError(name)
