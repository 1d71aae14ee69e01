"""Match `~`, join `,` (with dictionary and keyed-table upsert) and fill `^`
(q-subset.md §5)."""
import numpy as np

from .atomic import pervade2, data, null_of, widen, RANK
from ..errors import QError
from ..functions import Fn
from ..values import (E, F, J, S, INTEGRAL, FLOATING, TEMPORAL, DTYPES, Atom, Dict, List, Table,
                      Vec, enlist, from_items, items, key_of, boolean)
from ..output.display import compact
from .indexing import index1


# ---------------------------------------------------------------- match and join

def match(x, y):
    """x~y  match: same type, shape and values (floats with tolerance).

    q)1 2~1 2
    1b
    """
    return boolean(same(x, y))


def same(x, y):
    if x is y:
        return True
    tx, ty = getattr(x, "t", None), getattr(y, "t", None)
    if tx != ty:
        return False
    if isinstance(x, Atom):
        if tx in (-E, -F):
            a, b = float(x.v), float(y.v)
            if np.isnan(a) or np.isnan(b):
                return bool(np.isnan(a) and np.isnan(b))
            return a == b or abs(a - b) <= 2.0 ** -43 * max(abs(a), abs(b))
        return x.v == y.v
    if isinstance(x, Vec):
        if len(x.a) != len(y.a):
            return False
        if tx in FLOATING:
            a, b = x.a.astype(np.float64), y.a.astype(np.float64)
            both = np.isnan(a) & np.isnan(b)
            close = np.abs(a - b) <= 2.0 ** -43 * np.maximum(np.abs(a), np.abs(b))
            return bool(np.all(both | (a == b) | close))
        return bool(np.array_equal(x.a, y.a))
    if isinstance(x, List):
        return len(x.items) == len(y.items) and all(same(a, b) for a, b in zip(x.items, y.items))
    if isinstance(x, Dict):
        return same(x.k, y.k) and same(x.v, y.v)
    if isinstance(x, Table):
        return x.names == y.names and all(same(a, b) for a, b in zip(x.cols, y.cols))
    if isinstance(x, Fn):
        return compact(x) == compact(y)
    return x == y


def join(x, y):
    """x,y  join.

    q)1 2,3
    1 2 3
    q)(`a`b!1 2),`b`c!3 4
    a| 1
    b| 3
    c| 4
    """
    if isinstance(x, (Vec, Atom)) and isinstance(y, (Vec, Atom)) and abs(x.t) == abs(y.t):
        return Vec(abs(x.t), np.concatenate((np.atleast_1d(_arr(x)), np.atleast_1d(_arr(y)))))
    if isinstance(x, Dict) and isinstance(y, Dict):
        return _upsert(x, y)
    if isinstance(x, Table) and isinstance(y, Table):
        return _join_tables(x, y)
    if isinstance(x, Table) and isinstance(y, Dict) and not isinstance(y.k, Table):
        return join(x, enlist(y))
    return from_items(_as_items(x) + _as_items(y))


def _arr(x):
    if isinstance(x, Vec):
        return x.a
    if x.t == -S:
        a = np.empty(1, dtype=object)
        a[0] = x.v
        return a
    return np.array([x.v], dtype=DTYPES[-x.t])


def _join_tables(x, y):
    if sorted(x.names) != sorted(y.names) or len(set(x.names)) != len(x.names):
        raise QError("mismatch")
    cols = [y.cols[y.names.index(n)] for n in x.names]
    return Table(x.names, [join(a, b) for a, b in zip(x.cols, cols)])


def _upsert(x, y):
    """Dictionary join: y's values win on common keys, new keys are appended.
    Keyed tables upsert rows by key."""
    if isinstance(x.k, Table) or isinstance(y.k, Table):
        return _upsert_keyed(x, y)
    kx, ky = items(x.k), items(y.k)
    pos = {}
    for i, k in enumerate(kx):
        pos.setdefault(key_of(k), i)
    keys, vals = list(kx), list(items(x.v))
    for k, v in zip(ky, items(y.v)):
        j = pos.get(key_of(k))
        if j is None:
            pos[key_of(k)] = len(keys)
            keys.append(k)
            vals.append(v)
        else:
            vals[j] = v
    return Dict(_collapse(keys, x.k), _collapse(vals, x.v))


def _collapse(xs, like):
    if not xs:
        return like
    return from_items(xs)


def _upsert_keyed(x, y):
    if not (isinstance(x.k, Table) and isinstance(y.k, Table)
            and isinstance(x.v, Table) and isinstance(y.v, Table)):
        raise QError("type")
    if x.k.names != y.k.names:
        raise QError("mismatch")
    if sorted(x.v.names) != sorted(y.v.names):
        raise QError("mismatch")
    rows_x = [key_of(r) for r in items(x.k)]
    pos = {}
    for i, r in enumerate(rows_x):
        pos.setdefault(r, i)
    new_rows, upd = [], {}
    for i, r in enumerate(items(y.k)):
        j = pos.get(key_of(r))
        if j is None:
            pos[key_of(r)] = len(rows_x) + len(new_rows)
            new_rows.append(i)
        else:
            upd[j] = i
    kcols = [join(a, index1(None, b, Vec(J, np.array(new_rows, dtype=np.int64))))
             for a, b in zip(x.k.cols, y.k.cols)]
    ycols = [y.v.cols[y.v.names.index(n)] for n in x.v.names]
    vcols = []
    for a, b in zip(x.v.cols, ycols):
        col = list(items(a))
        for j, i in upd.items():
            col[j] = items(b)[i]
        col = from_items(col) if col else a
        vcols.append(join(col, index1(None, b, Vec(J, np.array(new_rows, dtype=np.int64)))))
    return Dict(Table(x.k.names, kcols), Table(x.v.names, vcols))


def join_all(xs):
    """xs[0],xs[1],... joined left to right (raze, `,/`) in linear time: one concatenate
    when all are vectors or atoms of one type, one list of items when no dictionary or
    table is involved (the same value as joining pair by pair, without the quadratic
    copying), else pair by pair."""
    first = xs[0]
    if isinstance(first, (Vec, Atom)):
        t = abs(first.t)
        if all((x.__class__ is Vec or x.__class__ is Atom) and abs(x.t) == t for x in xs):
            return Vec(t, np.concatenate([x.a if x.__class__ is Vec else _one(x) for x in xs]))
    if not any(isinstance(x, (Dict, Table)) for x in xs):
        out = []
        for x in xs:
            out.extend(_as_items(x))
        return from_items(out)
    acc = xs[0]
    for x in xs[1:]:
        acc = join(acc, x)
    return acc


def _one(x):
    a = np.empty(1, dtype=DTYPES[-x.t])
    a[0] = x.v
    return a


def _as_items(x):
    if isinstance(x, (Vec, List, Table)):
        return list(items(x))
    return [x]


# ---------------------------------------------------------------- fill

def fill(x, y):
    """x^y  fill: y with its nulls replaced by x (atomic; dictionaries keep keys of both).
    q)0^1 0N 3
    1 0 3
    """
    return pervade2(_fill1, x, y)


def _fill1(a, b):
    ta, va = data(a)
    tb, vb = data(b)
    if isinstance(a, Vec) and isinstance(b, Vec) and len(va) != len(vb):
        raise QError("length")
    if ta == tb:
        t = tb
    elif ta in RANK and tb in RANK:
        t = tb if RANK[tb] >= RANK[ta] else ta
    elif tb in TEMPORAL and ta in INTEGRAL:
        t = tb
    else:
        raise QError("type")
    fa = va if ta == t else widen(ta, va, t)
    fb = vb if tb == t else widen(tb, vb, t)
    r = np.where(null_of(tb, vb), fa, fb)
    if isinstance(a, Atom) and isinstance(b, Atom):
        return Atom(-t, r.item() if t == S else DTYPES[t](r))
    return Vec(t, np.asarray(r, dtype=DTYPES[t]))
