"""Take `#`, drop/cut `_` and find/roll/deal `?` (q-subset.md §5.1, 5.2, 5.4)."""
import numpy as np

from .errors import QError
from .values import (INTEGRAL, J, S, F, NULL_INT, Atom, Dict, List, Table, Vec, count, enlist,
                     from_items, items, key_of, long, take_items, empty, null_atom)


def _ints(x):
    if isinstance(x, Atom) and -x.t in INTEGRAL:
        return int(x.v)
    if isinstance(x, Vec) and x.t in INTEGRAL:
        return [int(v) for v in x.a.tolist()]
    raise QError("type")


def _cyclic(n, m, from_end=False):
    if m == 0:
        return np.zeros(0, dtype=np.int64)
    idx = np.arange(n, dtype=np.int64) % m
    if from_end:
        idx = (np.arange(-n, 0, dtype=np.int64) % m)
    return idx


def take(interp, x, y):
    if isinstance(x, Atom) and x.t == -S or isinstance(x, Vec) and x.t == S:
        names = [x.v] if isinstance(x, Atom) else list(x.a)
        if isinstance(y, Table):
            return Table(names, [interp.index(y, [Atom(-S, n)]) for n in names])
        if isinstance(y, Dict):
            return Dict(x if isinstance(x, Vec) else enlist(x), interp.index(y, [x if isinstance(x, Vec) else enlist(x)]))
        raise QError("type")
    n = _ints(x)
    if isinstance(n, list):
        return _reshape(n, y)
    if isinstance(y, Dict):
        return Dict(take(interp, x, y.k), take(interp, x, y.v))
    if isinstance(y, Table):
        return Table(y.names, [take(interp, x, c) for c in y.cols])
    if not isinstance(y, (Vec, List)):
        y = enlist(y)
    m = count(y)
    if m == 0:
        if n == 0:
            return y
        return from_items([null_atom(y.t)] * abs(n)) if isinstance(y, Vec) else List([])
    idx = _cyclic(abs(n), m, from_end=n < 0)
    return take_items(y, idx) if len(idx) or isinstance(y, Vec) else List([])


def _reshape(shape, y):
    its = items(y) if isinstance(y, (Vec, List)) else [y]
    if any(s < 0 and s != NULL_INT[J] for s in shape):
        raise QError("domain")
    if len(shape) == 2 and NULL_INT[J] in shape:
        r, c = shape
        total = len(its)
        if r == NULL_INT[J]:
            rows = [its[i:i + c] for i in range(0, total, c)] if c else []
        else:
            per = total // r if r else 0
            rows = [its[i * per:(i + 1) * per] for i in range(r - 1)] + [its[(r - 1) * per:]] if r else []
        return from_items([from_items(rw) if rw else _empty_like(y) for rw in rows])
    if NULL_INT[J] in shape:
        raise QError("domain")
    total = int(np.prod(shape)) if shape else 0
    if total > 2**31:
        raise QError("limit")
    flat = [its[i % len(its)] for i in range(total)] if its else []
    return _nest(flat, shape, y)


def _empty_like(y):
    return Vec(y.t, y.a[:0]) if isinstance(y, Vec) else List([])


def _nest(flat, shape, y):
    if len(shape) == 1:
        return from_items(flat) if flat else _empty_like(y)
    step = int(np.prod(shape[1:]))
    return from_items([_nest(flat[i * step:(i + 1) * step], shape[1:], y) for i in range(shape[0])]) if shape[0] else List([])


def drop(interp, x, y):
    if isinstance(x, Atom) and -x.t in INTEGRAL and not isinstance(y, Atom):
        n = int(x.v)
        if isinstance(y, Dict):
            return Dict(drop(interp, x, y.k), drop(interp, x, y.v))
        if isinstance(y, Table):
            return Table(y.names, [drop(interp, x, c) for c in y.cols])
        m = count(y)
        idx = np.arange(min(n, m), m) if n >= 0 else np.arange(0, max(0, m + n))
        return take_items(y, idx) if len(idx) or isinstance(y, Vec) else List([])
    if isinstance(x, Vec) and x.t in INTEGRAL and isinstance(y, (Vec, List)):
        cuts = x.a.tolist()
        if any(b < a for a, b in zip(cuts, cuts[1:])):
            raise QError("domain")
        bounds = cuts + [count(y)]
        return from_items([take_items(y, np.arange(a, b)) for a, b in zip(bounds, bounds[1:])])
    if isinstance(x, (Vec, List)) and isinstance(y, Atom) and -y.t in INTEGRAL:
        i, m = int(y.v), count(x)
        idx = np.array([k for k in range(m) if k != i], dtype=np.int64)
        return take_items(x, idx) if len(idx) or isinstance(x, Vec) else List([])
    if isinstance(x, Dict):
        return _remove_keys(x, [y])
    if isinstance(y, Dict):
        return _remove_keys(y, items(x) if isinstance(x, Vec) else [x])
    if isinstance(y, Table) and (isinstance(x, Vec) and x.t == S or isinstance(x, Atom) and x.t == -S):
        names = set([x.v] if isinstance(x, Atom) else x.a.tolist())
        keep = [(n, c) for n, c in zip(y.names, y.cols) if n not in names]
        return Table([n for n, _ in keep], [c for _, c in keep])
    raise QError("type")


def _remove_keys(d, ks):
    gone = {key_of(k) for k in ks}
    keep = [i for i, k in enumerate(items(d.k)) if key_of(k) not in gone]
    idx = np.array(keep, dtype=np.int64)
    return Dict(take_items(d.k, idx), take_items(d.v, idx) if not isinstance(d.v, Table) else Table(d.v.names, [take_items(c, idx) for c in d.v.cols]))


def query(interp, x, y):
    if isinstance(x, Atom) and -x.t in INTEGRAL and not isinstance(y, (List,)) and not (isinstance(y, Vec) and x.t == -J and False):
        if isinstance(y, Atom) or isinstance(y, Vec):
            return _roll(interp, int(x.v), y)
    if isinstance(x, Dict):
        from .indexing import index1
        pos = find(x.v, y)
        return index1(interp, x.k, pos)
    if isinstance(x, (Vec, List)):
        return find(x, y)
    raise QError("type")


def find(x, y):
    """Index of the first occurrence of y in x (count x when absent); right-atomic."""
    table = {}
    for i, it in enumerate(items(x)):
        table.setdefault(key_of(it), i)
    n = count(x)
    if isinstance(x, Vec) and isinstance(y, Vec) and x.t == y.t:
        return Vec(J, np.array([table.get(key_of(i), n) for i in items(y)], dtype=np.int64))
    if isinstance(x, List) and key_of(y) in table:
        return long(table[key_of(y)])
    if isinstance(y, (Vec, List)) and not isinstance(x, List):
        return from_items([find(x, i) for i in items(y)])
    if isinstance(y, List):
        return from_items([find(x, i) for i in y.items])
    return long(table.get(key_of(y), n))


def _roll(interp, n, y):
    rng = interp.rng
    if isinstance(y, Atom):
        t = -y.t
        if t in INTEGRAL:
            m = int(y.v)
            if n == NULL_INT[J]:
                return Vec(J, rng.permutation(m).astype(np.int64))
            if n < 0:
                if -n > m:
                    raise QError("length")
                return Vec(t, rng.choice(m, -n, replace=False).astype(y.v.dtype))
            if m <= 0:
                raise QError("domain")
            return Vec(t, rng.integers(0, m, n).astype(y.v.dtype))
        if t == F:
            return Vec(F, rng.random(abs(n)) * float(y.v))
        raise QError("type")
    m = len(y.a)
    if n == NULL_INT[J]:
        return take_items(y, rng.permutation(m))
    if n < 0:
        if -n > m:
            raise QError("length")
        return take_items(y, rng.choice(m, -n, replace=False))
    return take_items(y, rng.integers(0, m, n))
