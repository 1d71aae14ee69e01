"""Linear algebra on float vectors and matrices (lists of float vectors)
(code.kx.com/q/ref/mmu, inv, lsq): mmu inv lsq, and the dot product that `$` gives for two
float vectors. Other types signal 'type; non-conforming shapes 'length."""
import numpy as np

from ..errors import QError
from ..prims import cast
from ..registry import KEYWORDS
from ..values import F, Vec, List, flt, from_items

kw = KEYWORDS.qfunc


def as_matrix(x):
    """(array, is_vector) of a float vector or a list of equal-length float vectors."""
    if isinstance(x, Vec) and x.t == F:
        return x.a, True
    if isinstance(x, List) and x.items and all(isinstance(r, Vec) and r.t == F for r in x.items):
        n = len(x.items[0].a)
        if any(len(r.a) != n for r in x.items):
            raise QError("length")
        return np.stack([r.a for r in x.items]), False
    raise QError("type")


def from_array(a):
    if a.ndim == 0:
        return flt(a)
    if a.ndim == 1:
        return Vec(F, np.ascontiguousarray(a, dtype=np.float64))
    return from_items([Vec(F, np.array(r, dtype=np.float64)) for r in a])


@kw("mmu", rank=2)
def mmu(x, y):
    """x mmu y: matrix product (a dot product for two vectors).

    q)(2 2#1 2 3 4f) mmu 1 1f
    3 7f
    """
    a, _ = as_matrix(x)
    b, _ = as_matrix(y)
    if a.shape[-1] != b.shape[0]:
        raise QError("length")
    return from_array(a @ b)


def _floats(x):
    return (isinstance(x, Vec) and x.t == F) or (
        isinstance(x, List) and bool(x.items) and isinstance(x.items[0], Vec) and x.items[0].t == F)


def dollar(interp, x, y):
    """x$y: a matrix/vector product when both sides are float vectors or matrices,
    else cast, tok or pad.

    q)1 2 3f$4 5 6f
    32f
    """
    if _floats(x) and _floats(y):
        return mmu(x, y)
    return cast.dollar(interp, x, y)


@kw("inv", rank=1)
def inv(x):
    """inv x: inverse of a square float matrix; a singular matrix gives nulls.

    q)last inv (2 0f;0 4f)
    0 0.25
    """
    a, vec = as_matrix(x)
    if vec or a.shape[0] != a.shape[1]:
        raise QError("length")
    try:
        return from_array(np.linalg.inv(a))
    except np.linalg.LinAlgError:
        return from_array(np.full(a.shape, np.nan))


@kw("lsq", rank=2)
def lsq(x, y):
    """x lsq y: the least-squares w with x ~ w mmu y (rows of x over rows of y).

    q)1 2 3f lsq (1 1 1f;1 2 3f)
    0 1f
    """
    a, avec = as_matrix(x)
    b, _ = as_matrix(y)
    if b.ndim != 2 or a.shape[-1] != b.shape[1]:
        raise QError("length")
    # the normal equations, as x mmu flip[y] mmu inv y mmu flip y
    try:
        w = np.linalg.solve(b @ b.T, b @ np.atleast_2d(a).T).T
    except np.linalg.LinAlgError:
        w = np.full((np.atleast_2d(a).shape[0], b.shape[0]), np.nan)
    return from_array(w[0] if avec else w)


