"""Non-atomic primitives behind the glyphs: join, take, drop, match, find, apply/index,
dictionaries, and the unary (k) forms of the glyphs (q-subset.md §5, §8)."""
import numpy as np

from .atomic import pervade1, data, null_of, widen, simple1, RANK
from .errors import QError
from .functions import Fn
from .values import (B, C, E, F, H, I, J, S, X, INTEGRAL, FLOATING, NULL_INT, IDENTITY, HOLE,
                     Atom, Dict, List, Table, Vec, count, empty, enlist, from_items, items,
                     key_of, long, boolean, vec, null_atom, item_at, DTYPES)


# ---------------------------------------------------------------- match and join

def match(x, y):
    """x~y  match: same type, shape and values (floats with tolerance).  q)1 2~1 2 → 1b"""
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
        from .display import compact
        return compact(x) == compact(y)
    return x == y


def join(x, y):
    """x,y  join.  q)1 2,3 → 1 2 3   q)(`a`b!1 2),`b`c!3 4 → upsert"""
    if isinstance(x, Vec) and isinstance(y, Vec) and x.t == y.t:
        return Vec(x.t, np.concatenate((x.a, y.a)))
    if isinstance(x, Dict) and isinstance(y, Dict):
        from .indexing import _amend_dict
        out = x
        for k, v in zip(items(y.k), items(y.v)):
            out = _amend_dict(None, out, k, [], None, v)
        return out
    if isinstance(x, Table) and isinstance(y, Table):
        if x.names != y.names:
            raise QError("mismatch")
        return Table(x.names, [join(a, b) for a, b in zip(x.cols, y.cols)])
    if isinstance(x, Table) and isinstance(y, Dict):
        return join(x, enlist(y))
    return from_items(_as_items(x) + _as_items(y))


def _as_items(x):
    if isinstance(x, (Vec, List, Table)):
        return list(items(x))
    return [x]


def enlist1(x):
    """,x  enlist one value."""
    return enlist(x)


# ---------------------------------------------------------------- counting and shape

def count_(interp, x):
    return long(count(x))


def first(x):
    """*x  first item (first value of a dictionary, first row of a table)."""
    if isinstance(x, Vec):
        return Atom(-x.t, x.a[0]) if len(x.a) else null_atom(x.t)
    if isinstance(x, List):
        return x.items[0] if x.items else IDENTITY
    if isinstance(x, Dict):
        return first(x.v) if not isinstance(x.v, Table) else item_at_table(x.v, 0)
    if isinstance(x, Table):
        return item_at_table(x, 0)
    return x


def item_at_table(t, i):
    from .values import row
    return row(t, i)


def reverse(x):
    """|x  reverse."""
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
    """&x  where: indices of true booleans, or each index repeated by its count."""
    if isinstance(x, Dict):
        idx = where(x.v)
        from .indexing import index1
        return index1(None, x.k, idx)
    if isinstance(x, Atom) and abs(x.t) in INTEGRAL:
        x = enlist(x)
    if isinstance(x, Vec) and x.t in INTEGRAL:
        if x.t == B:
            return Vec(J, np.flatnonzero(x.a).astype(np.int64))
        counts = x.a.astype(np.int64)
        if (counts < 0).any():
            raise QError("domain")
        return Vec(J, np.repeat(np.arange(len(counts), dtype=np.int64), counts))
    if isinstance(x, List) and not x.items:
        return empty(J)
    raise QError("type")


def neg(x):
    """-x  negate (atomic; booleans and bytes become int)."""
    return pervade1(_neg, x)


def _neg(x):
    t, a = data(x)
    if t in (B, X, H):
        t2 = I if t in (B, X) else H
        a = widen(t, a, t2)
        t = t2
    if t in (S, C):
        raise QError("type")
    r = -a
    if t in NULL_INT:
        r = np.where(a == NULL_INT[t], a, r) if np.ndim(a) else (a if a == NULL_INT[t] else r)
    return Atom(-t, DTYPES[t](r)) if isinstance(x, Atom) else Vec(t, np.asarray(r, dtype=DTYPES[t]))


def not_(x):
    """~x  not: 1b where zero."""
    def run(v):
        t, a = data(v)
        if t == S:
            raise QError("type")
        r = a == 0
        return Atom(-B, np.bool_(r)) if isinstance(v, Atom) else Vec(B, np.asarray(r))
    return pervade1(run, x)


def null(x):
    """^x  null: 1b where null (atomic)."""
    def run(v):
        t, a = data(v)
        r = null_of(t, a)
        return Atom(-B, np.bool_(r)) if isinstance(v, Atom) else Vec(B, np.asarray(r, dtype=bool))
    return pervade1(run, x)


def reciprocal(x):
    from .atomic import fdiv
    return fdiv(Atom(-F, np.float64(1.0)), x)


def floor(interp, x):
    return interp.apply(interp.lookup("floor"), [x])


def fill(x, y):
    """x^y  fill: y with nulls replaced by x."""
    from .atomic import pervade2

    def run(a, b):
        tb, vb = data(b)
        ta, va = data(a)
        mask = null_of(tb, vb)
        if tb == ta or (ta in RANK and tb in RANK):
            t = tb if tb not in RANK or ta not in RANK or RANK[tb] >= RANK[ta] else ta
            fa, fb = widen(ta, va, t) if ta != S else va, widen(tb, vb, t) if tb != S else vb
            r = np.where(mask, fa, fb)
            if isinstance(b, Atom):
                return Atom(-t, r.item() if t == S else DTYPES[t](r))
            return Vec(t, np.asarray(r, dtype=DTYPES[t]))
        raise QError("type")
    if isinstance(x, Dict) and isinstance(y, Dict):
        return join(x, pervade2(run, x, y)) if False else _fill_dict(x, y, run)
    return pervade2(run, x, y)


def _fill_dict(x, y, run):
    from .atomic import pervade2
    return pervade2(lambda a, b: run(a, b), x, y)


def type_(interp, x):
    """@x  type."""
    return Atom(-H, np.int16(x.t))


def key(interp, x):
    return interp.apply(interp.lookup("key"), [x])


def value(interp, x):
    return interp.apply(interp.lookup("value"), [x])


def string_(interp, x):
    return interp.apply(interp.lookup("string"), [x])


def distinct(interp, x):
    return interp.apply(interp.lookup("distinct"), [x])


def group(x):
    """=x  group: dictionary of distinct items to their indices."""
    keys, pos = [], {}
    its = items(x)
    for i, v in enumerate(its):
        k = key_of(v)
        if k not in pos:
            pos[k] = []
            keys.append(v)
        pos[k].append(i)
    vals = [Vec(J, np.array(p, dtype=np.int64)) for p in pos.values()]
    return Dict(from_items(keys), List(vals) if vals else List([]))


def iasc(x):
    return _grade(x, False)


def idesc(x):
    return _grade(x, True)


def _grade(x, descending):
    if isinstance(x, Dict):
        from .indexing import index1
        return index1(None, x.k, _grade(x.v, descending))
    if isinstance(x, Vec):
        a = x.a
        if x.t in FLOATING:
            a = np.where(np.isnan(a), -np.inf, a)
        if x.t == S:
            a = np.array([s.encode() for s in a], dtype=object) if len(a) else a
        if descending:
            order = np.argsort(_desc_key(a), kind="stable")
        else:
            order = np.argsort(a, kind="stable")
        return Vec(J, order.astype(np.int64))
    if isinstance(x, List):
        keys = [_sort_key(v) for v in x.items]
        order = sorted(range(len(keys)), key=lambda i: keys[i], reverse=descending)
        if descending:   # stable for equal keys
            order = sorted(range(len(keys)), key=lambda i: (_neg_key(keys[i]), i))
        return Vec(J, np.array(order, dtype=np.int64))
    raise QError("type")


def _desc_key(a):
    if a.dtype == object:
        ranks = {v: i for i, v in enumerate(sorted(set(a.tolist())))}
        return np.array([-ranks[v] for v in a.tolist()], dtype=np.int64)
    if a.dtype == np.bool_:
        return -a.astype(np.int64)
    return -a.astype(np.float64) if a.dtype.kind == "f" else -(a.astype(np.int64) + 0)


def _sort_key(v):
    if isinstance(v, Atom):
        return (0, v.v if v.t == -S else float(v.v) if not (v.t in (-E, -F) and np.isnan(v.v)) else -np.inf)
    if isinstance(v, Vec):
        return (1, tuple(v.a.tolist()))
    return (2, str(key_of(v)))


def _neg_key(k):
    tag, v = k
    if isinstance(v, (int, float)):
        return (tag, -v)
    return (tag, tuple(-ord(c) for c in str(v)))


def flip(x):
    """+x  flip: transpose a list of lists; dictionary <-> table."""
    if isinstance(x, Dict):
        if not (isinstance(x.k, Vec) and x.k.t == S):
            raise QError("type")
        cols = items(x.v)
        n = max((count(c) for c in cols if not isinstance(c, Atom)), default=None)
        if n is None:
            raise QError("length")
        out = []
        for c in cols:
            if isinstance(c, Atom):
                c = from_items([c] * n)
            elif count(c) != n:
                raise QError("length")
            out.append(c)
        return Table(list(x.k.a), out)
    if isinstance(x, Table):
        return Dict(Vec(S, np.array(x.names, dtype=object)), List(list(x.cols)))
    if isinstance(x, List):
        its = x.items
        n = max((count(i) for i in its if not isinstance(i, Atom)), default=None)
        if n is None:
            return x
        rows = []
        for i in its:
            if not isinstance(i, Atom) and count(i) != n:
                raise QError("length")
        for j in range(n):
            rows.append(from_items([i if isinstance(i, Atom) else item_at(i, j) for i in its]))
        return from_items(rows) if rows else List([])
    if isinstance(x, Vec):
        return x
    raise QError("rank")


# ---------------------------------------------------------------- take and drop

def take(interp, x, y):
    """x#y  take / reshape / select keys or columns."""
    from .shape import take as _take
    return _take(interp, x, y)


def drop(interp, x, y):
    """x _ y  drop / cut / remove."""
    from .shape import drop as _drop
    return _drop(interp, x, y)


# ---------------------------------------------------------------- ! $ ? @ .

def bang(interp, x, y):
    """x!y  dictionary; n!t keyed table; 0!kt unkey; 0N!x print."""
    if isinstance(x, Atom) and abs(x.t) in INTEGRAL and not isinstance(y, (Vec, List)):
        n = int(x.v)
        if n == NULL_INT[J] and x.t == -J:
            from .display import compact
            interp.host.write_line(1, compact(y, width=interp.cols))
            return y
        from .tables import key_table, unkey
        if isinstance(y, Table):
            return key_table(y, n) if n else y
        if isinstance(y, Dict) and isinstance(y.k, Table):
            return unkey(y) if n == 0 else key_table(unkey(y), n)
    if isinstance(x, Atom) and x.t == -J and int(x.v) == NULL_INT[J]:
        from .display import compact
        interp.host.write_line(1, compact(y, width=interp.cols))
        return y
    if isinstance(x, (Vec, List)) and isinstance(y, (Vec, List)):
        if count(x) != count(y):
            raise QError("length")
        return Dict(x, y)
    if isinstance(x, Atom) and isinstance(y, Atom):
        return Dict(enlist(x), enlist(y))
    if isinstance(x, (Vec, List)) and isinstance(y, Atom):
        return Dict(x, from_items([y] * count(x)))
    if isinstance(x, Table) and isinstance(y, Table):
        if count(x) != count(y):
            raise QError("length")
        return Dict(x, y)
    raise QError("type")


def dollar(interp, x, y):
    """x$y  cast, tok, pad."""
    from .cast import dollar as _dollar
    return _dollar(interp, x, y)


def query(interp, x, y):
    """x?y  find; n?m roll/deal; ?[b;x;y] is handled by the ternary form."""
    from .shape import query as _query
    return _query(interp, x, y)


def at(interp, x, y):
    """x@y  index/apply at one argument."""
    return interp.apply(x, [y])


def dot(interp, x, y):
    """x . y  apply x to the items of y / index at depth."""
    if isinstance(y, (Vec, List)):
        args = list(items(y))
        if not args:
            return interp.apply(x, [IDENTITY]) if isinstance(x, Fn) else x
    elif y is IDENTITY:
        return x if not isinstance(x, Fn) else interp.apply(x, [IDENTITY])
    else:
        args = [y]
        if not isinstance(x, Fn):
            raise QError("rank")
    if isinstance(x, Fn) or (isinstance(x, Atom) and x.t == -S):
        if isinstance(x, Fn) and x.rank is not None and len(args) > x.rank:
            raise QError("rank")
        return interp.apply(x, args)
    return interp.index(x, args)


# ---------------------------------------------------------------- trap and amend

def _msg(e):
    from .values import string
    return string(e.name)


def _handler(interp, e, handler):
    if isinstance(handler, Fn):
        return interp.apply(handler, [_msg(e)])
    return handler


def at_n(interp, x, i, f, y=None):
    """@[x;i;f] / @[x;i;f;y] amend at; @[f;x;e] trap."""
    if y is None and isinstance(x, Fn) and not isinstance(f, Fn) or (y is None and isinstance(x, Fn)):
        try:
            return interp.apply(x, [i])
        except QError as e:
            if e.name == "stop":
                raise
            return _handler(interp, e, f)
    return _amend_named(interp, x, [i], f, y)


def dot_n(interp, x, i, f, y=None):
    """.[x;(i;j);f] / .[x;(i;j);f;y] amend at depth; .[f;args;e] trap."""
    if y is None and isinstance(x, Fn):
        try:
            return dot(interp, x, i)
        except QError as e:
            if e.name == "stop":
                raise
            return _handler(interp, e, f)
    path = list(items(i)) if isinstance(i, (Vec, List)) else [i]
    if not path:
        from .indexing import _combine
        return _store(interp, x, _combine(interp, _deref(interp, x), f if f is not IDENTITY else None, y if f is not IDENTITY else y))
    return _amend_named(interp, x, path, f, y)


def _deref(interp, x):
    return interp.lookup(x.v) if isinstance(x, Atom) and x.t == -S else x


def _store(interp, x, new):
    if isinstance(x, Atom) and x.t == -S:
        interp.assign_global(x.v, new)
        return x
    return new


def _amend_named(interp, x, path, f, y):
    target = _deref(interp, x)
    fn = None if _is_assign(f) else f
    if fn is not None and not isinstance(fn, Fn) and y is None:
        raise QError("type")
    new = interp.amend(target, path, fn, y if fn is not None or y is not None else None)
    return _store(interp, x, new)


def _is_assign(f):
    from .functions import Prim
    return isinstance(f, Prim) and f.glyph == ":"


def query_n(interp, b, x, y, *more):
    """?[b;x;y] vector conditional."""
    if more:
        raise QError("rank")
    from .atomic import pervade2
    if not (isinstance(b, (Atom, Vec)) and abs(b.t) == B):
        raise QError("type")
    n = count(b)
    bs = items(b) if isinstance(b, Vec) else [b]
    xs = items(x) if isinstance(x, (Vec, List)) else [x] * n
    ys = items(y) if isinstance(y, (Vec, List)) else [y] * n
    if len(xs) != len(bs) or len(ys) != len(bs):
        raise QError("length")
    out = [xi if bool(bi.v) else yi for bi, xi, yi in zip(bs, xs, ys)]
    return out[0] if isinstance(b, Atom) else from_items(out)
