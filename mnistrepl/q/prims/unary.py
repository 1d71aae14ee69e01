"""The unary (k) forms of the glyphs that are not plain keywords elsewhere: `*x` first,
`|x` reverse, `&x` where, `-x` neg, `~x` not, `^x` null, `%x` reciprocal, `=x` group,
`<x` `>x` grades and `+x` flip (q-subset.md §5, §6)."""
import numpy as np

from .atomic import is_simple, pervade1, data, null_of, widen, fdiv
from ..errors import QError
from ..workspace import WORKSPACE
from ..values import (B, C, E, F, I, J, S, X, INTEGRAL, NAN_NULL, NULL_INT, IDENTITY, DTYPES,
                     Atom, Dict, List, Table, Vec, count, empty, enlist, from_items, item_at,
                     items, key_of, null_atom, row)
from .indexing import index1

MAX_ITEMS = 2**40 - 1          # q's 'limit


def check_size(n, itemsize=8):
    """Guard a result of n items of itemsize bytes each before allocating it: past the
    workspace limit (-w) it is 'wsfull."""
    if n > MAX_ITEMS:
        raise QError("limit")
    WORKSPACE.check_bytes(n * itemsize)


def first(x):
    """*x  first item (first value of a dictionary, first row of a table).

    q)*3 4
    3
    """
    if isinstance(x, Vec):
        return Atom(-x.t, x.a[0]) if len(x.a) else null_atom(x.t)
    if isinstance(x, List):
        return x.items[0] if x.items else IDENTITY
    if isinstance(x, Dict):
        if isinstance(x.v, Table):
            return row(x.v, 0) if count(x.v) else IDENTITY
        return first(x.v)
    if isinstance(x, Table):
        return row(x, 0) if count(x) else IDENTITY
    return x


def reverse(x):
    """|x  reverse.

    q)|1 2 3
    3 2 1
    """
    if isinstance(x, Vec):
        return Vec(x.t, x.a[::-1].copy())
    if isinstance(x, List):
        return List(x.items[::-1])
    if isinstance(x, Dict):
        return Dict(reverse(x.k), reverse(x.v))
    if isinstance(x, Table):
        return Table(x.names, [reverse(c) for c in x.cols])
    return x


def where(x):
    """&x  where: indices of 1b, or each index repeated by its count.

    q)&0 2 1
    1 1 2
    """
    if isinstance(x, Dict):
        return index1(None, x.k, where(x.v))
    if isinstance(x, Atom) and -x.t in INTEGRAL:
        x = enlist(x)
    if isinstance(x, Vec) and x.t in INTEGRAL:
        if x.t == B:
            return Vec(J, np.flatnonzero(x.a).astype(np.int64))
        counts = x.a.astype(np.int64)
        if (counts < 0).any():
            raise QError("domain")
        check_size(int(counts.sum(dtype=np.float64)))
        return Vec(J, np.repeat(np.arange(len(counts), dtype=np.int64), counts))
    if isinstance(x, List) and not x.items:
        return empty(J)
    raise QError("type")


def neg(x):
    """-x  negate (atomic; booleans and bytes become int).

    q)neg 1b
    -1i
    """
    return pervade1(_neg, x)


def _neg(x):
    t, a = data(x)
    if t in (S, C):
        raise QError("type")
    if t in (B, X):
        a, t = widen(t, a, I), I
    r = -a
    if t in NULL_INT:            # -0N stays 0N (the bit pattern is its own negation)
        r = np.where(a == NULL_INT[t], a, r) if np.ndim(a) else (a if a == NULL_INT[t] else r)
    dt = DTYPES[t]
    return Atom(-t, dt(r)) if isinstance(x, Atom) else Vec(t, np.asarray(r, dtype=dt))


def not_(x):
    """~x  not: 1b where zero (atomic).

    q)not 0 1 2
    100b
    """
    def run(v):
        t, a = data(v)
        if t == S:
            raise QError("type")
        r = np.asarray(a) == 0
        return Atom(-B, np.bool_(r)) if isinstance(v, Atom) else Vec(B, r)
    return pervade1(run, x)


def null(x):
    """^x  null: 1b where null (atomic).

    q)null 1 0N
    01b
    q)null (::)
    1b
    """
    def run(v):
        if v is IDENTITY:             # the generic null: what f[] passes
            return Atom(-B, np.bool_(True))
        t, a = data(v)
        r = null_of(t, a)
        return Atom(-B, np.bool_(r)) if isinstance(v, Atom) else Vec(B, np.asarray(r, dtype=bool))
    return pervade1(run, x, leaf=lambda v: v is IDENTITY or is_simple(v))


def reciprocal(x):
    """%x  reciprocal.

    q)%4
    0.25
    """
    return fdiv(Atom(-F, np.float64(1.0)), x)


def group(x):
    """=x  group: distinct items to the indices where they occur.

    q)=`a`b`a
    a| 0 2
    b| ,1
    """
    if isinstance(x, Dict):
        g = group(x.v)
        return Dict(g.k, List([index1(None, x.k, i) for i in items(g.v)]) if count(g.k) else g.v)
    if not isinstance(x, (Vec, List, Table)):
        raise QError("type")
    keys, pos = [], {}
    for i, v in enumerate(items(x)):
        k = key_of(v)
        if k not in pos:
            pos[k] = []
            keys.append(v)
        pos[k].append(i)
    vals = [Vec(J, np.array(p, dtype=np.int64)) for p in pos.values()]
    if isinstance(x, Table):                 # the distinct rows, a table (as q keys them)
        firsts = np.array([p[0] for p in pos.values()], dtype=np.int64)
        return Dict(index1(None, x, Vec(J, firsts)), List(vals))
    ks = from_items(keys) if keys else _empty_like(x)
    return Dict(ks, List(vals))


def _empty_like(x):
    return Vec(x.t, x.a[:0]) if isinstance(x, Vec) else List([])


# ---------------------------------------------------------------- grades

def iasc(x):
    """<x  ascending grade (stable; nulls first).

    q)iasc 3 1 2
    1 2 0
    """
    return _grade(x, False)


def idesc(x):
    """>x  descending grade (stable).

    q)idesc 3 1 2
    0 2 1
    """
    return _grade(x, True)


def _grade(x, descending):
    if isinstance(x, Dict):
        return index1(None, x.k, _grade(x.v, descending))
    if isinstance(x, Vec):
        a = _sortable(x)
        if descending:          # stable descending: grade the reversed vector
            n = len(a)
            order = n - 1 - np.argsort(a[::-1], kind="stable")[::-1]
        else:
            order = np.argsort(a, kind="stable")
        return Vec(J, order.astype(np.int64))
    if isinstance(x, (List, Table)):
        keys = [_sort_key(v) for v in items(x)]
        idx = range(len(keys))
        if descending:
            order = sorted(idx, key=lambda i: keys[i], reverse=True)
            order = _stable_desc(order, keys)
        else:
            order = sorted(idx, key=lambda i: keys[i])
        return Vec(J, np.array(order, dtype=np.int64))
    raise QError("type")


def _sortable(x):
    a = x.a
    if x.t in NAN_NULL:                         # nulls (NaN) sort first
        return np.where(np.isnan(a), -np.inf, a)
    if x.t == S:
        return np.array([s.encode() for s in a], dtype=object) if len(a) else a
    return a


def _stable_desc(order, keys):
    """Reverse-sorted order with equal keys back in ascending index order."""
    out, i = [], 0
    while i < len(order):
        j = i
        while j < len(order) and keys[order[j]] == keys[order[i]]:
            j += 1
        out.extend(sorted(order[i:j]))
        i = j
    return out


def _sort_key(v):
    """A key comparing any two q values without a Python TypeError."""
    if isinstance(v, Atom):
        if v.t == -S:
            return (0, 1, v.v.encode(), ())
        f = float(v.v)
        return (0, 0, -np.inf if np.isnan(f) else f, ())
    if isinstance(v, Vec):
        return (1, 0, v.t, tuple(_sort_key(a) for a in items(v)))
    if isinstance(v, List):
        return (1, 0, 0, tuple(_sort_key(a) for a in v.items))
    if isinstance(v, Dict):
        return (2, 0, 0, tuple(_sort_key(a) for a in items(v.v)))
    return (3, 0, 0, ())


# ---------------------------------------------------------------- flip

def flip(x):
    """+x  flip: transpose a list of lists; column dictionary <-> table.
    q)flip (1 2;3 4)
    1 3
    2 4
    """
    if isinstance(x, Dict):
        return _dict_to_table(x)
    if isinstance(x, Table):
        return Dict(Vec(S, np.array(x.names, dtype=object)), List(list(x.cols)))
    if isinstance(x, List):
        return _transpose(x.items)
    if isinstance(x, Vec):
        return x
    raise QError("rank")


def _dict_to_table(x):
    if not (isinstance(x.k, Vec) and x.k.t == S):
        raise QError("type")
    cols = items(x.v)
    n = _common_count(cols)
    if n is None:
        raise QError("length")
    out = [from_items([c] * n) if isinstance(c, Atom) else c for c in cols]
    if any(not isinstance(c, (Vec, List)) for c in out):
        raise QError("type")
    return Table(list(x.k.a), out)


def _common_count(its):
    n = None
    for i in its:
        if isinstance(i, Atom):
            continue
        if not isinstance(i, (Vec, List)):
            raise QError("type")
        if n is not None and count(i) != n:
            raise QError("length")
        n = count(i)
    return n


def _transpose(its):
    n = _common_count(its)
    if n is None:
        return List(list(its))
    rows = [from_items([i if isinstance(i, Atom) else item_at(i, j) for i in its])
            for j in range(n)]
    return from_items(rows) if rows else List([])


