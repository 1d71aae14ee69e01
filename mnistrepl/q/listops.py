"""Non-atomic primitives behind the glyphs: match, join, fill, `!` dictionaries, `@` and
`.` application, plus re-exports of the unary (k) forms (kunary.py), take/drop/find
(shape.py), cast (cast.py) and trap/amend (amendops.py) (q-subset.md §5, §8)."""
import numpy as np

from .amendops import at_n, dot_n   # noqa: F401  (the 3/4-argument forms of @ and .)
from .atomic import pervade2, data, null_of, widen, RANK
from .errors import QError
from .functions import Fn
from .kunary import (first, reverse, where, neg, not_, null, reciprocal, group,  # noqa: F401
                     iasc, idesc, flip, check_size)
from .shape import take as _take, drop as _drop, query as _query, query_n  # noqa: F401
from .values import (E, F, J, S, INTEGRAL, FLOATING, NULL_INT, IDENTITY, TEMPORAL, DTYPES,
                     Atom, Dict, List, Table, Vec, count, enlist, from_items, items, key_of,
                     long, boolean)


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
    """x,y  join.  q)1 2,3 → 1 2 3   q)(`a`b!1 2),`b`c!3 4 → a|1 b|3 c|4 (upsert)"""
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
    from .indexing import index1
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


def _as_items(x):
    if isinstance(x, (Vec, List, Table)):
        return list(items(x))
    return [x]


def enlist1(x):
    """,x  enlist one value."""
    return enlist(x)


# ---------------------------------------------------------------- counting and shape

def count_(interp, x):
    """#x  count.  q)#1 2 3 → 3"""
    return long(count(x))


def type_(interp, x):
    """@x  type.  q)@1 2 → 7h"""
    return Atom(-5, np.int16(x.t))


def key(interp, x):
    """!x  key (til for an integer)."""
    if isinstance(x, Atom) and -x.t in INTEGRAL:
        check_size(int(x.v))
    return interp.apply(interp.lookup("key"), [x])


def value(interp, x):
    """.x  value."""
    return interp.apply(interp.lookup("value"), [x])


def string_(interp, x):
    """$x  string."""
    return interp.apply(interp.lookup("string"), [x])


def distinct(interp, x):
    """?x  distinct."""
    return interp.apply(interp.lookup("distinct"), [x])


def floor(interp, x):
    """_x  floor."""
    return interp.apply(interp.lookup("floor"), [x])


# ---------------------------------------------------------------- fill

def fill(x, y):
    """x^y  fill: y with its nulls replaced by x (atomic; dictionaries keep keys of both).
    q)0^1 0N 3 → 1 0 3"""
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


# ---------------------------------------------------------------- take and drop

def take(interp, x, y):
    """x#y  take / reshape / select keys or columns."""
    return _take(interp, x, y)


def drop(interp, x, y):
    """x _ y  drop / cut / remove."""
    return _drop(interp, x, y)


# ---------------------------------------------------------------- ! $ ? @ .

def bang(interp, x, y):
    """x!y  dictionary; n!t keyed table; 0!kt unkey; 0N!x print."""
    if isinstance(x, Atom) and abs(x.t) in INTEGRAL and x.t != -1 and int(x.v) < 0 \
            and not (x.t == -J and int(x.v) == NULL_INT[J]):
        from .internal import internal
        return internal(interp, int(x.v), y)
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
    if isinstance(x, (Vec, List)) and isinstance(y, (Vec, List, Table)):
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


