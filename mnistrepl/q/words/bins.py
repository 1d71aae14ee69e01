"""Searching and bucketing (code.kx.com/q/ref/bin, xbar): bin binr on a sorted list, xbar
for numbers and temporals. All are one NumPy pass (searchsorted, floor division)."""
import numpy as np

from ..prims.atomic import data, mul, TIMES
from ..errors import QError
from ..registry import KEYWORDS
from ..values import (C, F, H, I, J, S, P, M, D, NUMERIC, FLOATING, TEMPORAL, NULL_INT,
                      Atom, Vec, DTYPES)
from .math import div

kw = KEYWORDS.qfunc
NS = TIMES     # nanoseconds per unit of the time types


def _search_keys(t, a):
    """Sortable data: floats with null lowest, integral nulls are already the lowest."""
    if t in FLOATING:
        return np.where(np.isnan(a), -np.inf, a)
    if t == S:
        return np.asarray(a, dtype=object)
    return np.asarray(a).astype(np.int64)


def _bin_args(x, y):
    if not isinstance(x, Vec) or not isinstance(y, (Atom, Vec)):
        raise QError("type")
    tx, ax = data(x)
    ty, ay = data(y)
    if tx != ty and not (tx in NUMERIC and ty in NUMERIC):
        raise QError("type")
    if (tx in FLOATING) != (ty in FLOATING):
        ax, ay = ax.astype(np.float64), np.asarray(ay, dtype=np.float64)
        tx = ty = F
    return _search_keys(tx, ax), _search_keys(ty, ay), isinstance(y, Atom)


def _result(r, atom):
    return Atom(-J, np.int64(r)) if atom else Vec(J, np.asarray(r, dtype=np.int64))


@kw("bin", rank=2)
def bin_(x, y):
    """x bin y: for sorted x, the index of the last item <= y (-1 when none).

    q)0 2 4 6 8 10 bin -10 0 4 5 6 10 11
    -1 0 2 2 3 5 5
    """
    a, b, atom = _bin_args(x, y)
    return _result(np.searchsorted(a, b, side="right") - 1, atom)


@kw("binr", rank=2)
def binr(x, y):
    """x binr y: for sorted x, the index of the first item >= y (count x when none).

    q)0 2 4 6 8 10 binr -10 0 4 5 6 10 11
    0 0 2 3 3 5 6
    """
    a, b, atom = _bin_args(x, y)
    return _result(np.searchsorted(a, b, side="left"), atom)


# ---------------------------------------------------------------- xbar

def _step(x, ty):
    """The bucket width x (an atom) in units of the temporal type ty."""
    if not isinstance(x, Atom):
        raise QError("type")
    tx, ax = data(x)
    if tx in (J, 6, 5, 1, 4):
        return int(ax)
    if tx in TEMPORAL and tx != M and ty != M and tx not in (D, P):
        ns = int(ax) * NS[tx]
        if ns % NS[ty]:
            raise QError("type")
        return ns // NS[ty]
    if tx == ty and tx in (M, D):
        return int(ax)
    raise QError("type")


def _floor_to(a, step, null):
    """a rounded down to a multiple of step in a's own dtype, nulls kept (3 passes); an
    atom's one value comes back as a 1-item array."""
    a = np.atleast_1d(np.asarray(a))
    if step <= 0:
        return np.full_like(a, null)
    r = a // step
    r *= step
    nulls = a == null
    if nulls.any():
        r[nulls] = null
    return r


def _temporal_xbar(x, y):
    ty, ay = data(y)
    r = _floor_to(ay, _step(x, ty), NULL_INT[ty]).astype(DTYPES[ty], copy=False)
    return Atom(-ty, r[0]) if isinstance(y, Atom) else Vec(ty, r)


def _integral_xbar(x, y):
    """Long/int/short y by a positive integer atom x of the same or a narrower type."""
    r = _floor_to(y.a, int(x.v), NULL_INT[y.t])
    return Vec(y.t, r)


@kw("xbar", rank=2)
def xbar(x, y):
    """x xbar y: y rounded down to a multiple of x (x*y div x); temporals keep their type.

    q)5 xbar 12 23 3
    10 20 0
    q)15 xbar 10:17 10:29 10:30
    10:15 10:15 10:30
    """
    if isinstance(y, (Atom, Vec)) and abs(y.t) in TEMPORAL:
        return _temporal_xbar(x, y)
    if isinstance(y, (Atom, Vec)) and abs(y.t) in (C, S):
        raise QError("type")
    if (isinstance(y, Vec) and y.t in (I, J) and isinstance(x, Atom) and -x.t in (H, I, J)
            and -x.t <= y.t and 0 < int(x.v) != NULL_INT[-x.t]):
        return _integral_xbar(x, y)
    return mul(x, div(y, x))


