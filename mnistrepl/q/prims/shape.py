"""Take `#`, drop/cut `_`, find/roll/deal `?` and `?[b;x;y]` (q-subset.md §5.1, 5.2, 5.4).

    q)7#1 2 3
    1 2 3 1 2 3 1
    q)0N 2#til 5
    0 1
    2 3
    ,4
    q)0 3 _ til 5
    0 1 2
    3 4
    q)1 2 3?3 7
    2 3
"""
import numpy as np

from ..errors import QError
from .unary import check_size
from .atomic import widen
from ..values import (B, INTEGRAL, J, S, F, E, NULL_INT, NUMERIC, Atom, Dict, List, Table, Vec, count,
                      enlist, from_items, items, key_of, long, null_atom, IDENTITY)
from .attributes import is_attribute, set_attribute
from .indexing import find_key, index, index1

NULLJ = NULL_INT[J]

# What a result costs in real bytes, checked before it is built (q's -w counts bytes, not
# items): the index arrays a take builds (np.arange and its % m, 8 bytes an item each),
# and for a general list each item's reference plus the Python int of its index.
INDEX_BYTES = 16
LIST_ITEM_BYTES = 48


def item_bytes(y):
    """Bytes one item of list-like y takes in a result built from y's items."""
    if isinstance(y, Vec):
        return y.a.itemsize
    if isinstance(y, Table):
        return sum(item_bytes(c) for c in y.cols)
    if isinstance(y, Dict):
        return item_bytes(y.k) + item_bytes(y.v)
    return LIST_ITEM_BYTES


def _ints(x):
    """An integral atom as int, an integral vector as a list of ints, else 'type."""
    if isinstance(x, Atom) and -x.t in INTEGRAL:
        return int(x.v)
    if isinstance(x, Vec) and x.t in INTEGRAL:
        return [int(v) for v in x.a.astype(np.int64).tolist()]
    raise QError("type")


def _is_syms(x):
    return isinstance(x, (Atom, Vec)) and abs(x.t) == S


def sub(y, idx):
    """Items of list-like y (vector, list, table, dictionary) at an index array, all in range."""
    idx = np.asarray(idx, dtype=np.int64)
    if isinstance(y, Vec):
        return Vec(y.t, y.a[idx])
    if isinstance(y, List):
        return from_items([y.items[i] for i in idx.tolist()]) if len(idx) else List([])
    if isinstance(y, Table):
        return Table(y.names, [sub(c, idx) for c in y.cols])
    if isinstance(y, Dict):
        return Dict(sub(y.k, idx), sub(y.v, idx))
    raise QError("type")


# ---------------------------------------------------------------- take

def take(interp, x, y):
    """x#y  take, reshape, or select keys/columns."""
    if isinstance(x, Atom) and x.t == -S and is_attribute(x):
        return set_attribute(x.v, y)
    if _is_syms(x):
        return _select(interp, x, y)
    n = _ints(x)
    if isinstance(n, list):
        if len(n) == 1:
            return take(interp, Atom(-J, np.int64(n[0])), y)
        if not n:
            raise QError("length")
        return _reshape(n, y)
    if not isinstance(y, (Vec, List, Dict, Table)):
        if not isinstance(y, Atom) and y is not IDENTITY and getattr(y, "t", 0) >= 100:
            raise QError("type")
        y = enlist(y) if isinstance(y, Atom) else List([y])
    return _take_n(n, y)


def _take_n(n, y):
    if n == NULLJ:
        raise QError("domain")
    check_size(abs(n), INDEX_BYTES + item_bytes(y))
    m = count(y)
    if m == 0:
        return _nulls(y, abs(n))
    if n >= 0:
        idx = np.arange(n, dtype=np.int64) if n <= m else np.arange(n, dtype=np.int64) % m
    else:
        idx = np.arange(m + n, m, dtype=np.int64) % m
    return sub(y, idx)


def _nulls(y, n):
    """n#empty: n nulls of the empty list's type (a general list stays empty)."""
    if n == 0 or not isinstance(y, Vec):
        return y
    a = np.empty(n, dtype=y.a.dtype)
    a[:] = null_atom(y.t).v
    return Vec(y.t, a)


def _select(interp, x, y):
    names = [x.v] if isinstance(x, Atom) else list(x.a)
    if isinstance(y, Table):
        for n in names:
            if n not in y.names:
                raise QError(n)
        return Table(names, [y.cols[y.names.index(n)] for n in names])
    if isinstance(y, Dict) and not isinstance(y.k, Table):
        keys = x if isinstance(x, Vec) else enlist(x)
        return Dict(keys, index(interp, y, [keys]))
    if isinstance(y, Dict):                     # keyed table: the rows with those keys
        keys = x if isinstance(x, Vec) else enlist(x)
        return Dict(_kt_keys(y, keys), index(interp, y.v, [_kt_rows(y, keys)]))
    raise QError("type")


def _kt_keys(kt, keys):
    return Table(kt.k.names[:1], [keys])


def _kt_rows(kt, keys):
    col = kt.k.cols[0]
    rows = [find_key(col, k) for k in items(keys)]
    return Vec(J, np.array([count(kt.k) if r is None else r for r in rows], dtype=np.int64))


def _reshape(shape, y):
    if any(s < 0 and s != NULLJ for s in shape):
        raise QError("domain")
    its_y = y if isinstance(y, (Vec, List)) else (enlist(y) if isinstance(y, Atom) else List(items(y)))
    if NULLJ in shape:
        if len(shape) != 2 or shape == [NULLJ, NULLJ]:
            raise QError("domain")
        return _reshape_null(shape, its_y)
    total = 1
    for s in shape:
        total *= s
    check_size(total, INDEX_BYTES + item_bytes(its_y))
    m = count(its_y)
    if m == 0 and total:
        its_y, m = _nulls(its_y, 1) if isinstance(its_y, Vec) else List([List([])]), 1
    flat = sub(its_y, np.arange(total, dtype=np.int64) % m) if total else sub(its_y, [])
    return _nest(flat, shape)


def _nest(flat, shape):
    """Row-major nesting of a flat list-like value into the given shape."""
    if len(shape) == 1:
        return flat
    step = 1
    for s in shape[1:]:
        step *= s
    rows = [_nest(sub(flat, np.arange(i * step, (i + 1) * step)), shape[1:]) for i in range(shape[0])]
    return List(rows)


def _reshape_null(shape, y):
    r, c = shape
    m = count(y)
    if r == NULLJ:                               # 0N c#x: rows of c, the last shorter
        if c == 0:
            raise QError("domain")
        bounds = list(range(0, m, c)) + [m]
    else:                                        # r 0N#x: r rows, the last takes the rest
        if r == 0:
            return List([])
        per = m // r
        bounds = [i * per for i in range(r)] + [m]
    return List([sub(y, np.arange(a, b)) for a, b in zip(bounds, bounds[1:])])


# ---------------------------------------------------------------- drop and cut

def drop(interp, x, y):
    """x _ y  drop (n _ list), cut (indices _ list), remove an item or key or columns."""
    if isinstance(x, Atom) and -x.t in INTEGRAL and isinstance(y, (Vec, List, Dict, Table)):
        return _drop_n(int(x.v), y)
    if isinstance(x, Vec) and x.t in INTEGRAL and isinstance(y, (Vec, List, Table)):
        return cut_at(x.a.astype(np.int64), y)
    if isinstance(x, Dict) and not isinstance(x.k, Table):
        return _remove_keys(x, [y])
    if isinstance(x, (Vec, List)) and isinstance(y, Atom) and -y.t in INTEGRAL:
        i, m = int(y.v), count(x)
        return sub(x, [k for k in range(m) if k != i]) if 0 <= i < m else x
    if isinstance(y, Table) and _is_syms(x):
        gone = set([x.v] if isinstance(x, Atom) else x.a.tolist())
        keep = [k for k, n in enumerate(y.names) if n not in gone]
        return Table([y.names[k] for k in keep], [y.cols[k] for k in keep])
    if isinstance(y, Dict) and not isinstance(y.k, Table) and isinstance(x, (Atom, Vec)):
        return _remove_keys(y, items(x) if isinstance(x, Vec) else [x])
    raise QError("type")


def _drop_n(n, y):
    m = count(y)
    if n == NULLJ:
        raise QError("domain")
    idx = np.arange(min(n, m), m) if n >= 0 else np.arange(0, max(0, m + n))
    return sub(y, idx)


def cut_at(cuts, y):
    """Indices _ list: pieces starting at each (non-decreasing) index."""
    m = count(y)
    if len(cuts) and (cuts[0] < 0 or (cuts[1:] < cuts[:-1]).any()):
        raise QError("domain")
    if len(cuts) and cuts[-1] > m:
        raise QError("length")
    bounds = list(cuts.tolist()) + [m]
    return List([sub(y, np.arange(a, b)) for a, b in zip(bounds, bounds[1:])])


def cut(x, y):
    """n cut list: pieces of n items, the last possibly shorter; indices cut as `_`.

    q)3 cut til 7
    0 1 2
    3 4 5
    ,6
    """
    if isinstance(x, Atom) and -x.t in INTEGRAL:
        n = int(x.v)
        if n <= 0:
            raise QError("domain")
        if not isinstance(y, (Vec, List, Table)):
            raise QError("type")
        return cut_at(np.arange(0, count(y), n, dtype=np.int64), y)
    if isinstance(x, Vec) and x.t in INTEGRAL and isinstance(y, (Vec, List, Table)):
        return cut_at(x.a.astype(np.int64), y)
    raise QError("type")


def _remove_keys(d, ks):
    gone = {key_of(k) for k in ks}
    keep = [i for i, k in enumerate(items(d.k)) if key_of(k) not in gone]
    return sub(d, keep)


# ---------------------------------------------------------------- find

def query(interp, x, y):
    """x?y  find (list or dict x), roll/deal/permute (integer atom x)."""
    if isinstance(x, Atom) and -x.t in INTEGRAL:
        return _roll(interp, int(x.v), y)
    if isinstance(x, Dict):
        return index1(interp, x.k, find(x.v, y))
    if isinstance(x, (Vec, List, Table)):
        return find(x, y)
    raise QError("type")


def find(x, y):
    """Index of the first occurrence of y in x (count x when absent); right-atomic.
    Exact comparison (no float tolerance); nulls find nulls."""
    if isinstance(x, Vec) and isinstance(y, (Atom, Vec)) and abs(y.t) != x.t and \
            x.t in NUMERIC and abs(y.t) in NUMERIC:          # 1 2 3?2.0 is 1: find promotes
        x, y = _as_floats(x), _as_floats(y)
    if isinstance(x, Vec) and isinstance(y, (Atom, Vec)) and abs(y.t) == x.t:
        r = _find_vec(x, y)
        return long(r[0]) if isinstance(y, Atom) else Vec(J, r)
    table = {}
    for i, it in enumerate(items(x)):
        table.setdefault(key_of(it), i)
    n = count(x)
    if not isinstance(x, Vec) and key_of(y) in table:
        return long(table[key_of(y)])
    if isinstance(y, (Vec, List)):
        return from_items([long(table.get(key_of(i), n)) for i in items(y)]) if count(y) else List([])
    return long(table.get(key_of(y), n))


def _as_floats(v):
    a = widen(abs(v.t), v.v if isinstance(v, Atom) else v.a, F)
    return Atom(-F, np.float64(a)) if isinstance(v, Atom) else Vec(F, a)


def _find_vec(x, y):
    """Vectorised first-occurrence search of the items of y (same type) in vector x."""
    a = x.a
    b = np.atleast_1d(np.asarray(y.v, dtype=a.dtype) if isinstance(y, Atom) else y.a)
    n = len(a)
    if n == 0:
        return np.zeros(len(b), dtype=np.int64)
    if x.t in (E, F):                      # nan never equals itself: search it by mask
        out = np.full(len(b), n, dtype=np.int64)
        nan_a, nan_b = np.isnan(a), np.isnan(b)
        if nan_a.any():
            out[nan_b] = int(np.argmax(nan_a))
        ok = ~nan_b
        if ok.any():
            out[ok] = _search(np.where(nan_a, np.inf, a), b[ok], n, exclude=nan_a)
        return out
    return _search(a, b, n)


def _search(a, b, n, exclude=None):
    if exclude is not None and exclude.any():
        keep = np.flatnonzero(~exclude)
        r = _search(a[keep], b, len(keep))
        return np.where(r < len(keep), keep[np.minimum(r, len(keep) - 1)] if len(keep) else n, n)
    if n == 0:
        return np.full(len(b), 0, dtype=np.int64)
    uniq, first = np.unique(a, return_index=True)
    pos = np.minimum(np.searchsorted(uniq, b), len(uniq) - 1)
    hit = uniq[pos] == b
    return np.where(hit, first[pos], n).astype(np.int64)


# ---------------------------------------------------------------- roll, deal, permute

def _roll(interp, n, y):
    rng = interp.rng
    if n != NULLJ:      # the random indices or numbers, a temporary, the result's items
        check_size(abs(n), 16 + (item_bytes(y) if isinstance(y, (Vec, List)) else 8))
    if isinstance(y, Atom):
        t = -y.t
        if t in INTEGRAL and t != B:
            return _roll_int(rng, n, int(y.v), y)
        if t in (E, F):
            if n == NULLJ:
                raise QError("domain")
            return Vec(t, (rng.random(abs(n)) * float(y.v)).astype(y.v.dtype))
        raise QError("type")
    if isinstance(y, (Vec, List)):
        m = count(y)
        if n == NULLJ:
            return sub(y, rng.permutation(m))
        if m == 0:
            raise QError("length")
        if n < 0:
            if -n > m:
                raise QError("length")
            return sub(y, rng.choice(m, -n, replace=False))
        return sub(y, rng.integers(0, m, n))
    raise QError("type")


def _roll_int(rng, n, m, y):
    if m < 0:
        raise QError("domain")
    if n == NULLJ:
        check_size(m, 16)              # the permutation and its cast
        return Vec(-y.t, rng.permutation(m).astype(y.v.dtype))
    if n < 0:
        if -n > m:
            raise QError("length")
        return Vec(-y.t, rng.choice(m, -n, replace=False).astype(y.v.dtype))
    if m == 0:
        raise QError("domain")
    return Vec(-y.t, rng.integers(0, m, n).astype(y.v.dtype))


# ---------------------------------------------------------------- vector conditional

def query_n(interp, b, x, y, *more):
    """?[b;x;y]  x where b is true, y elsewhere (atoms extend).

    q)?[101b;1 2 3;0]
    1 0 3
    """
    if more:
        raise QError("rank")
    if not (isinstance(b, (Atom, Vec)) and abs(b.t) == B):
        raise QError("type")
    if isinstance(b, Atom):
        return x if b.v else y
    n = len(b.a)
    for v in (x, y):
        if isinstance(v, (Vec, List)) and count(v) != n:
            raise QError("length")
    if isinstance(x, (Atom, Vec)) and isinstance(y, (Atom, Vec)) and abs(x.t) == abs(y.t):
        t = abs(x.t)
        return Vec(t, np.where(b.a, _vals(x), _vals(y)).astype(_dtype(x)))
    xs = items(x) if isinstance(x, (Vec, List)) else [x] * n
    ys = items(y) if isinstance(y, (Vec, List)) else [y] * n
    return from_items([xi if bi else yi for bi, xi, yi in zip(b.a.tolist(), xs, ys)])


def _vals(v):
    return v.a if isinstance(v, Vec) else v.v


def _dtype(v):
    return v.a.dtype if isinstance(v, Vec) else (object if v.t == -S else np.asarray(v.v).dtype)
