"""Handles as functions: `-1 "text"`, `2 "text"` (q-subset.md §11.3), and the file verbs
`0:` `1:` (not implemented) and `2:` (functions of a built-in library)."""
from ..errors import QError
from ..values import C, S, Atom, List, Vec, items, long, to_py_str


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


def io_text(interp, x, y):
    raise QError("nyi")


def dynamic_load(interp, x, y):
    """`lib 2:(`name;rank): a function a library provides (mnistrepl's libraries are
    built in: `` `ktorch 2:`fns,1 `` gives the k-api)."""
    parts = items(y) if isinstance(y, (List, Vec)) else []
    if not (isinstance(x, Atom) and x.t == -S and len(parts) == 2 and isinstance(parts[0], Atom)
            and parts[0].t == -S and isinstance(parts[1], Atom) and parts[1].t != -S):
        raise QError("type")
    lib = x.v[1:] if x.v.startswith(":") else x.v
    fn = interp.libraries.get((lib.rsplit("/", 1)[-1], parts[0].v, int(parts[1].v)))
    if fn is None:
        raise QError(f"{lib}: cannot open shared object: no such library or function")
    return fn
