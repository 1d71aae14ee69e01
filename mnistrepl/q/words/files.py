"""File and misc keywords (q-subset.md §6 Files and system): read0 read1 hsym rand, and the
data files that `set` and `get` write and read on a file handle (`:f)."""
import numpy as np

from ..access import access_of
from ..prims.atomic import pervade1
from ..errors import QError
from ..registry import KEYWORDS
from ..values import C, S, X, Atom, List, Vec, vec, long, items
from ..prims.serial import decode, encode
from ..prims.shape import query

kw = KEYWORDS.qfunc


def handle_path(x):
    """File path of a symbol handle `:path (the leading colon is optional)."""
    if isinstance(x, Atom) and x.t == -S:
        return x.v[1:] if x.v.startswith(":") else x.v
    raise QError("type")


def read_bytes(interp, x):
    """Contents of the (regular, bounded) file named by handle x, as the session's access
    policy allows; 'path. OS reports: ... on failure."""
    return access_of(interp).read_bytes(handle_path(x))


def is_handle(x):
    """A file handle `:path (what set and get take for a data file)."""
    return isinstance(x, Atom) and x.t == -S and x.v.startswith(":")


def write_data(interp, x, v):
    """`:f set v: q's serialisation of v in the file (where the access policy allows)."""
    path = access_of(interp).check_write(handle_path(x))
    data = encode(v)                           # a value q cannot write leaves no file
    try:
        with open(path, "wb") as f:
            f.write(data)
    except OSError as e:
        raise QError(f"{path}. OS reports: {e.strerror or 'error'}") from None
    return x


def read_data(interp, x):
    """get `:f: the value a data file holds."""
    return decode(read_bytes(interp, x), handle_path(x))


@kw("read0", rank=1, ctx=True)
def read0(interp, x):
    """read0 `:f: the file's lines as strings (LF or CRLF stripped)."""
    data = read_bytes(interp, x)
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    out = [ln[:-1] if ln.endswith(b"\r") else ln for ln in lines]
    return List([Vec(C, np.frombuffer(ln, dtype=np.uint8).copy()) for ln in out])


@kw("read1", rank=1, ctx=True)
def read1(interp, x):
    """read1 `:f: the file's bytes."""
    return Vec(X, np.frombuffer(read_bytes(interp, x), dtype=np.uint8).copy())


def _hsym(v):
    if abs(v.t) != S:
        raise QError("type")
    add = (lambda s: s if s.startswith(":") else ":" + s)
    return Atom(-S, add(v.v)) if isinstance(v, Atom) else vec(S, [add(s) for s in v.a])


@kw("hsym", rank=1)
def hsym(x):
    """hsym `a: the file handle `:a (atomic over symbols).

    q)hsym `a`b
    `:a`:b
    """
    return pervade1(_hsym, x)


@kw("rand", rank=1, ctx=True)
def rand(interp, x):
    """rand x: first 1?x (a random number below x, or a random item of list x)."""
    if isinstance(x, (Vec, List)):
        if len(x) == 0:
            raise QError("length")
        return items(x)[int(interp.rng.integers(0, len(x)))]
    return items(query(interp, long(1), x))[0]
