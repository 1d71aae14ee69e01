"""Indexing at depth (`x i`, `m[i;j]`, `x . (i;j)`) and amend (`@[x;i;f;y]`,
`.[x;(i;j);f;y]`, `x[i]:y`) over lists, dictionaries and tables (q-subset.md §8)."""
import numpy as np

from ..errors import QError
from ..functions import Fn
from ..values import (HOLE, IDENTITY, INTEGRAL, S, Atom, Dict, List, Table, Vec, count,
                     enlist, from_items, item_at, items, key_of, null_atom, row, empty, DTYPES)


def index(interp, x, args):
    """x indexed at depth by args (HOLE or :: means all)."""
    return _index_from(interp, x, args, 0, _elided_from(args))


def _elided_from(args):
    """The least j with args[j:] all elided (HOLE or ::): indexing stops there."""
    j = len(args)
    while j and (args[j - 1] is HOLE or args[j - 1] is IDENTITY):
        j -= 1
    return j


def _index_from(interp, x, args, k, end):
    """x indexed by args[k:]. Atom indices descend in a loop over the offset k, never
    slicing args, so a path as long as a deep list is deep costs linear time and memory
    (`.[x;100000#0]`, issue 13 item 5); only list indices recurse, one level per list."""
    while True:
        i = args[k]
        r = index1(interp, x, i)
        if k + 1 == len(args):
            return r
        if isinstance(i, Atom) or (isinstance(x, Dict) and not isinstance(i, (Vec, List)) and i is not HOLE and i is not IDENTITY):
            if isinstance(r, Fn) or k + 1 >= end:
                return _deeper(interp, r, args, k + 1, end)
            x, k = r, k + 1
            continue
        if isinstance(x, Table) and (i is HOLE or i is IDENTITY) and len(args) - k == 2:
            if isinstance(args[k + 1], (Atom, Vec)) and abs(args[k + 1].t) == S:
                return index1(interp, x, args[k + 1])
        return from_items([_deeper(interp, it, args, k + 1, end) for it in items(r)])


def _deeper(interp, r, args, k, end):
    """r (an item reached by args[:k]) indexed by the rest of the path args[k:]."""
    if isinstance(r, Fn):
        return interp.apply(r, list(args[k:]))
    if k >= end:
        return r
    return _index_from(interp, r, args, k, end)


def index1(interp, x, i):
    if i is HOLE or i is IDENTITY:
        return x
    if isinstance(x, Fn):
        return interp.apply(x, [i])
    if isinstance(x, Vec):
        return _index_vec(x, i, interp)
    if isinstance(x, List):
        return _index_list(x, i, interp)
    if isinstance(x, Dict):
        return _index_dict(x, i, interp)
    if isinstance(x, Table):
        return _index_table(x, i, interp)
    raise QError("type")


def _index_vec(x, i, interp):
    n = len(x.a)
    if isinstance(i, Atom):
        if abs(i.t) not in INTEGRAL:
            raise QError("type")
        k = int(i.v)
        return Atom(-x.t, x.a[k]) if 0 <= k < n else null_atom(x.t)
    if isinstance(i, Vec):
        if i.t not in INTEGRAL:
            raise QError("type")
        idx = i.a.astype(np.int64)
        ok = (idx >= 0) & (idx < n)
        if ok.all():
            return Vec(x.t, x.a[idx])
        out = np.full(len(idx), null_atom(x.t).v, dtype=DTYPES[x.t])
        out[ok] = x.a[idx[ok]]
        return Vec(x.t, out)
    return _index_general(x, i, interp)


def _list_null(x):
    if not x.items:
        return IDENTITY
    first = x.items[0]
    if isinstance(first, Atom):
        return null_atom(first.t)
    if isinstance(first, Vec):
        return empty(first.t)
    if isinstance(first, List):
        return List([])
    return IDENTITY


def _index_list(x, i, interp):
    n = len(x.items)
    if isinstance(i, Atom):
        if abs(i.t) not in INTEGRAL:
            raise QError("type")
        k = int(i.v)
        return x.items[k] if 0 <= k < n else _list_null(x)
    if isinstance(i, Vec):
        if i.t not in INTEGRAL:
            raise QError("type")
        return from_items([x.items[k] if 0 <= k < n else _list_null(x) for k in i.a.tolist()])
    return _index_general(x, i, interp)


def _index_general(x, i, interp):
    if isinstance(i, List):
        return from_items([index1(interp, x, j) for j in i.items])
    if isinstance(i, Dict):
        return Dict(i.k, index1(interp, x, i.v))
    raise QError("type")


def find_key(keys, k):
    """Position of key k in the keys value, or None."""
    if isinstance(keys, Vec) and isinstance(k, Atom) and abs(k.t) == keys.t:
        hits = np.flatnonzero(keys.a == k.v)
        return int(hits[0]) if len(hits) else None
    target = key_of(k)
    for j, kk in enumerate(items(keys)):
        if key_of(kk) == target:
            return j
    return None


def _index_dict(x, i, interp):
    if isinstance(x.k, Table):                      # keyed table
        return _index_keyed(x, i, interp)
    if isinstance(i, Atom) or (isinstance(x.k, List) and not isinstance(i, (Vec, List))):
        j = find_key(x.k, i)
        if j is None:
            return _value_null(x.v)
        return item_at(x.v, j)
    if isinstance(i, Vec) and isinstance(x.k, Vec) and i.t == x.k.t:
        return from_items([index1(interp, x, a) for a in items(i)]) if len(i.a) else _typed_empty(x.v)
    if isinstance(i, (Vec, List)):
        if isinstance(x.k, List):
            j = find_key(x.k, i)
            if j is not None:
                return item_at(x.v, j)
        return from_items([index1(interp, x, a) for a in items(i)])
    raise QError("type")


def _typed_empty(v):
    return Vec(v.t, v.a[:0]) if isinstance(v, Vec) else List([])


def _value_null(v):
    if isinstance(v, Vec):
        return null_atom(v.t)
    if isinstance(v, List):
        return _list_null(v)
    return IDENTITY


def _index_keyed(x, i, interp):
    kt, vt = x.k, x.v
    if isinstance(i, Dict):
        i = i.v
    if isinstance(i, Table):
        return from_items([_index_keyed(x, r.v, interp) for r in items(i)])
    if len(kt.cols) == 1 and isinstance(i, Atom):
        j = find_key(kt.cols[0], i)
    else:
        target = key_of(i if not isinstance(i, Atom) else enlist(i))
        j = next((r for r in range(count(kt)) if key_of(from_items([item_at(c, r) for c in kt.cols])) == target), None)
    if j is None:
        return Dict(Vec(S, np.array(vt.names, dtype=object)), from_items([_value_null(c) for c in vt.cols]))
    return row(vt, j)


def _index_table(x, i, interp):
    if isinstance(i, Atom) and i.t == -S:
        if i.v not in x.names:
            raise QError(i.v)
        return x.cols[x.names.index(i.v)]
    if isinstance(i, Vec) and i.t == S:
        return from_items([_index_table(x, Atom(-S, n), interp) for n in i.a])
    if isinstance(i, Atom) and abs(i.t) in INTEGRAL:
        k = int(i.v)
        if 0 <= k < count(x):
            return row(x, k)
        return Dict(Vec(S, np.array(x.names, dtype=object)), from_items([_value_null(c) for c in x.cols]))
    if isinstance(i, Vec) and i.t in INTEGRAL:
        return Table(x.names, [index1(interp, c, i) for c in x.cols])
    if isinstance(i, List):
        return from_items([index1(interp, x, j) for j in i.items])
    raise QError("type")


# ---------------------------------------------------------------- amend

class BadPath(QError):
    """An amend index outside the list: 'length for x[i]:y, 'index for @[x;i;:;y]."""


def amend(interp, x, path, fn, y, own=False):
    """x with the items at `path` replaced: by y (fn None), fn[item] (y None) or fn[item;y].
    own: x is a vector that nothing else holds (q/inplace.py), written in place if it can."""
    return _amend_at(interp, x, path, 0, fn, y, own)


def _amend_at(interp, x, path, d, fn, y, own=False):
    """amend at path[d:]: the offset d, never a slice of the path, keeps a deep path's
    cost linear; too deep a path is 'stack (issue 13 item 5)."""
    i, more = path[d], d + 1 < len(path)
    if i is IDENTITY:
        i = HOLE
    if isinstance(x, Dict) and not isinstance(x.k, Table):
        return _amend_dict(interp, x, i, (path, d + 1), fn, y)
    if isinstance(x, Table):
        return _amend_table(interp, x, i, (path, d + 1), fn, y)
    if not isinstance(x, (Vec, List)):
        if not more and i is HOLE:
            return _combine(interp, x, fn, y)
        raise QError("type")
    n = count(x)
    idx = _amend_index(i, n)
    if not more and isinstance(x, Vec) and idx is not None:
        fast = _amend_vec(interp, x, idx, fn, y, own)
        if fast is not None:
            return fast
    new = list(items(x))
    if idx is None:
        pairs = list(_nested_pairs(i, y, n))
    else:
        pairs = [(idx, y)] if isinstance(idx, int) else list(zip(idx, _spread(y, len(idx))))
    for k, yk in pairs:
        if not 0 <= k < n:
            raise BadPath("length")
        new[k] = _amend_rest(interp, new[k], (path, d + 1), fn, yk)
    if isinstance(x, Vec) and n == 0:
        return x
    out = from_items(new)
    if isinstance(x, Vec) and not (isinstance(out, Vec) and out.t == x.t):
        raise QError("type")
    return out


def _amend_rest(interp, old, rest, fn, y):
    """old amended at the rest of a path, rest = (path, offset); at its end, combined."""
    path, d = rest
    if d < len(path):
        return _amend_at(interp, old, path, d, fn, y)
    return _combine(interp, old, fn, y)


def _amend_index(i, n):
    """An int, or a list of ints, for an amend index into a list of n items."""
    if i is HOLE:
        return list(range(n))
    if isinstance(i, Atom) and abs(i.t) in INTEGRAL:
        return int(i.v)
    if isinstance(i, Vec) and i.t in INTEGRAL:
        return i.a.astype(np.int64).tolist()
    if isinstance(i, List):
        if not all(isinstance(a, Atom) for a in i.items):
            return None                        # nested: _nested_pairs
        return [int(a.v) if abs(a.t) in INTEGRAL else _bad() for a in i.items]
    raise QError("type")


def _nested_pairs(i, y, n):
    """(index, y item) pairs of a general index list, taken as q does, like the arguments
    of an atomic function: `@[til 10;(::;2 3);2+]` adds 2 everywhere, then at 2 and 3
    again (code.kx.com/q/ref/identity); `::` is every index."""
    if i is IDENTITY or i is HOLE or not isinstance(i, List):
        idx = _amend_index(HOLE if i is IDENTITY else i, n)
        if isinstance(idx, int):
            yield idx, y
        else:
            yield from zip(idx, _spread(y, len(idx)))
        return
    for ik, yk in zip(i.items, _spread(y, len(i.items))):
        yield from _nested_pairs(ik, yk, n)


ATOMIC = frozenset("+-*%&|^=<>")


def _amend_vec(interp, x, idx, fn, y, own=False):
    """Vectorised amend of a simple vector at distinct indices, when the replacement is
    computable in one step (assignment, or an atomic operator with y); else None.
    own: write into x itself (nothing else holds it) instead of a copy."""
    if fn is None and idx.__class__ is int and y.__class__ is Atom and y.t == -x.t:
        if not 0 <= idx < len(x.a):
            raise BadPath("length")
        a = x.a if own else x.a.copy()
        a[idx] = y.v
        return _amended(x, a, own)
    ks = np.atleast_1d(np.asarray(idx, dtype=np.int64))
    if len(ks) == 0 or len(np.unique(ks)) != len(ks) or isinstance(idx, int) and fn is not None and y is None:
        return None
    if (ks < 0).any() or (ks >= len(x.a)).any():
        raise BadPath("length")
    if fn is None:
        new = y
    elif y is not None and getattr(fn, "glyph", None) in ATOMIC and getattr(fn, "glyph", "") != "<>":
        new = interp.apply(fn, [Vec(x.t, x.a[ks]) if not isinstance(idx, int) else Atom(-x.t, x.a[ks[0]]), y])
    else:
        return None
    if isinstance(new, Vec) and new.t == x.t and (len(new.a) == len(ks) and not isinstance(idx, int)):
        vals = new.a
    elif isinstance(new, Atom) and new.t == -x.t:
        vals = new.v
    elif isinstance(new, (Vec, List)) and not isinstance(idx, int) and count(new) != len(ks):
        raise QError("length")
    else:
        return None
    a = x.a if own else x.a.copy()
    a[ks] = vals
    return _amended(x, a, own)


def _amended(x, a, own):
    if own:
        x.sorted = False
        return x
    return Vec(x.t, a)


def _bad():
    raise QError("type")


def _spread(y, n):
    """Items of y paired with n indices (an atom or None repeats)."""
    if y is None or isinstance(y, Atom) or not isinstance(y, (Vec, List)):
        return [y] * n
    if count(y) != n:
        raise QError("length")
    return items(y)


def _combine(interp, old, fn, y):
    if fn is None:
        return y
    if y is None:
        return interp.apply(fn, [old])
    return interp.apply(fn, [old, y])


def _amend_dict(interp, x, i, rest, fn, y):
    keys = list(items(x.k))
    vals = list(items(x.v))
    if i is HOLE:
        targets = list(range(len(keys)))
        ys = _spread(y, len(targets))
    elif isinstance(i, Vec) and (not isinstance(x.k, Vec) or i.t == x.k.t):
        targets = list(items(i))
        ys = _spread(y, len(targets))
    else:
        targets, ys = [i], [y]
    for k, yk in zip(targets, ys):
        j = k if isinstance(k, int) else find_key(x.k if len(keys) == count(x.k) else from_items(keys), k)
        if j is None:
            keys.append(k)
            old = _value_null(x.v)
            vals.append(_amend_rest(interp, old, rest, fn, yk))
        else:
            vals[j] = _amend_rest(interp, vals[j], rest, fn, yk)
    return Dict(from_items(keys), from_items(vals))


def _column(x, new):
    """new as a column of table x: an atom repeats; a list must have x's row count
    (`t[`a],:4` is 'length, as in q, and t stays as it was)."""
    if isinstance(new, Atom):
        return from_items([new] * count(x))
    if not isinstance(new, (Vec, List, Dict, Table)):
        raise QError("type")
    if x.names and count(new) != count(x):
        raise QError("length")
    return new


def _amend_table(interp, x, i, rest, fn, y):
    if isinstance(i, Atom) and i.t == -S:
        names, cols = list(x.names), list(x.cols)
        if i.v in names:
            j = names.index(i.v)
            cols[j] = _column(x, _amend_rest(interp, cols[j], rest, fn, y))
        else:
            names.append(i.v)
            new = _combine(interp, None, None, y) if fn is None else interp.apply(fn, [y])
            cols.append(_column(x, new))
        return Table(names, cols)
    if isinstance(i, (Atom, Vec)) and abs(i.t) in INTEGRAL:
        rows = [i] if isinstance(i, Atom) else items(i)
        out = x
        for r, yr in zip(rows, _spread(y, len(rows))):
            cols = []
            for name, c in zip(x.names, out.cols):
                cy = index1(interp, yr, Atom(-S, name)) if isinstance(yr, Dict) else yr
                cols.append(amend(interp, c, [r], fn, cy))
            out = Table(x.names, cols)
        return out
    raise QError("type")
