"""List keywords (q-subset.md §6 Lists): in within except inter union cross cut sublist
next prev."""
import numpy as np

from ..prims.atomic import ge, le, lesser
from ..errors import QError
from ..registry import KEYWORDS
from ..values import (INTEGRAL, J, Atom, Dict, List, Table, Vec, boolean, count, enlist,
                      from_items, items, key_of, take_items)
from ..prims.shape import find, drop
from .core import distinct
from ..prims.join import join
from ..prims.indexing import index

kw = KEYWORDS.qfunc


def _as_list(x):
    """A list-like value (an atom becomes a one-item list)."""
    return x if isinstance(x, (Vec, List, Table)) else enlist(x)


def _member_keys(y):
    return {key_of(i) for i in items(_as_list(y))}


@kw("in", rank=2)
def in_(x, y):
    """x in y: whether x occurs in y; left-atomic when y is a vector.

    q)2 7 in 1 2 3
    10b
    q)(`a`b!1 5) in 1 2 3
    a| 1
    b| 0
    """
    if isinstance(x, Dict) and not isinstance(x.k, Table):
        return Dict(x.k, in_(x.v, y))
    if isinstance(x, List) and isinstance(y, Vec):         # searched item by item
        return from_items([in_(i, y) for i in x.items])
    if isinstance(y, Dict):
        y = y.v
    y = _as_list(y)
    n = count(y)
    if isinstance(y, Table):
        keys = _member_keys(y)
        return from_items([boolean(key_of(r) in keys) for r in items(x)])
    pos = find(y, x)
    return _below(pos, n)


def _below(pos, n):
    if isinstance(pos, Atom):
        return boolean(int(pos.v) < n)
    if isinstance(pos, Vec):
        return Vec(1, pos.a < n)
    return from_items([_below(p, n) for p in pos.items])


@kw("within", rank=2)
def within(x, y):
    """x within (lo;hi): inclusive bounds, left-atomic.

    q)1 3 10 within 2 6
    010b
    """
    if count(y) != 2 or not isinstance(y, (Vec, List)):
        raise QError("length")
    lo, hi = items(y)
    return lesser(ge(x, lo), le(x, hi))


def _rows_where(x, keep):
    idx = np.flatnonzero(np.asarray(keep, dtype=bool)).astype(np.int64)
    if isinstance(x, Table):
        return Table(x.names, [take_items(c, idx) for c in x.cols])
    return take_items(x, idx) if len(idx) or isinstance(x, Vec) else List([])


@kw("except", rank=2)
def except_(x, y):
    """x except y: items of x not in y.

    q)1 2 3 2 except 2
    1 3
    """
    x = _as_list(x)
    gone = _member_keys(y)
    return _rows_where(x, [key_of(i) not in gone for i in items(x)])


@kw("inter", rank=2)
def inter(x, y):
    """x inter y: items of x that are in y.

    q)1 2 3 inter 2 3 4
    2 3
    """
    x = _as_list(x)
    keep = _member_keys(y)
    return _rows_where(x, [key_of(i) in keep for i in items(x)])


@kw("union", rank=2)
def union(x, y):
    """x union y: distinct items of x,y.

    q)1 2 union 2 3
    1 2 3
    """
    return distinct(join(_as_list(x), _as_list(y)))


@kw("cross", rank=2)
def cross(x, y):
    """x cross y: all pairs, x major.

    q)1 2 cross 3 4
    1 3
    1 4
    2 3
    2 4
    """
    if isinstance(x, Table) and isinstance(y, Table):
        nx, ny = count(x), count(y)
        ix = np.repeat(np.arange(nx), ny)
        iy = np.tile(np.arange(ny), nx)
        left = Table(x.names, [take_items(c, ix) for c in x.cols])
        right = Table(y.names, [take_items(c, iy) for c in y.cols])
        cols = dict(zip(left.names, left.cols))
        cols.update(zip(right.names, right.cols))
        return Table(list(cols), list(cols.values()))
    xs, ys = items(_as_list(x)), items(_as_list(y))
    return from_items([join(a, b) for a in xs for b in ys])


def _int_arg(x):
    if isinstance(x, Atom) and -x.t in INTEGRAL:
        return int(x.v)
    raise QError("type")


@kw("cut", rank=2, ctx=True)
def cut(interp, x, y):
    """n cut y: pieces of n items; indices cut y is _.

    q)2 cut til 5
    0 1
    2 3
    ,4
    """
    if isinstance(x, Atom):
        n = _int_arg(x)
        if n <= 0:
            raise QError("domain")
        x = Vec(J, np.arange(0, count(y), n, dtype=np.int64))
        if isinstance(y, Dict) or isinstance(y, Table):
            raise QError("type")
    return drop(interp, x, y)


@kw("sublist", rank=2, ctx=True)
def sublist(interp, x, y):
    """x sublist y: first/last x items, or (start;n); never pads.

    q)3 sublist 2 3 5 7
    2 3 5
    """
    n = count(y)
    if isinstance(x, Atom):
        k = _int_arg(x)
        idx = np.arange(0, min(k, n)) if k >= 0 else np.arange(max(0, n + k), n)
    elif isinstance(x, Vec) and x.t in INTEGRAL and len(x.a) == 2:
        s, k = (int(v) for v in x.a)
        s = max(s, 0)
        idx = np.arange(min(s, n), min(s + max(k, 0), n))
    else:
        raise QError("type")
    i = Vec(J, idx.astype(np.int64))
    if isinstance(y, Dict):             # entries, not a lookup of keys
        return Dict(index(interp, y.k, [i]), index(interp, y.v, [i]))
    return index(interp, y, [i])


def _shift(interp, x, d):
    if isinstance(x, Atom):
        raise QError("rank")
    if isinstance(x, Dict) and not isinstance(x.k, Table):
        return Dict(x.k, _shift(interp, x.v, d))
    n = count(x)
    return index(interp, x, [Vec(J, np.arange(n, dtype=np.int64) + d)])


@kw("next", rank=1, ctx=True)
def next_(interp, x):
    """next x: each item's successor; the last gets a null.

    q)next 1 2 3
    2 3 0N
    """
    return _shift(interp, x, 1)


@kw("prev", rank=1, ctx=True)
def prev(interp, x):
    """prev x: each item's predecessor; the first gets a null.

    q)prev 1 2 3
    0N 1 2
    """
    return _shift(interp, x, -1)

