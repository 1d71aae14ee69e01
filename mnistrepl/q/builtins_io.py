"""Handles as functions: `-1 "text"`, `2 "text"` (q-subset.md §11.3)."""
from .errors import QError
from .values import C, Atom, List, Vec, long, to_py_str


def texts(x):
    """Python strings of a string or a list of strings ('type otherwise)."""
    if isinstance(x, Vec) and x.t == C:
        return [to_py_str(x)]
    if isinstance(x, Atom) and x.t == -C:
        return [to_py_str(x)]
    if isinstance(x, List) and all(isinstance(i, (Vec, Atom)) and abs(i.t) == C for i in x.items):
        return [to_py_str(i) for i in x.items]
    if isinstance(x, List) and not x.items:
        return []
    raise QError("type")


def write_handle(interp, h, x):
    if h not in (1, 2, -1, -2):
        raise QError("type")
    lines = texts(x)
    fd = abs(h)
    if h < 0:
        for line in lines:
            interp.host.write(fd, line + "\n")
    else:
        interp.host.write(fd, "".join(lines))
    return long(h)
