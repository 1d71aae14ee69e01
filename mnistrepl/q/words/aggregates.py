"""Aggregate and running keywords (q-subset.md §4.4, §6): sum prd max min avg med all any,
sums prds maxs mins deltas fills, wavg wsum.

Over a simple vector the aggregates skip nulls; over a general list they combine the items
with the matching operator (item-wise, nulls kept). Dictionaries apply to their values,
tables column by column (aggregates give a column -> result dictionary)."""
import numpy as np

from ..prims.atomic import add, mul, greater, lesser, sub, fdiv, data, pervade1, widen
from ..errors import QError
from ..registry import KEYWORDS
from ..values import (B, C, E, F, H, I, J, S, X, P, M, D, N, U, V, T, Z, FLOATING, NAN_NULL, NULL_INT, INF_INT,
                      DTYPES, Atom, Dict, List, Table, Vec, enlist, from_items, long, flt,
                      boolean, symvec, null_mask)
from ..prims.join import fill
from ..prims.unary import iasc

kw = KEYWORDS.qfunc

# result type of sum/prd/sums/prds by argument type (chars and symbols: 'type)
SUM_TYPE = {B: I, X: I, H: I, I: I, J: J, E: E, F: F, P: P, M: M, D: D, N: N, U: U, V: V, T: T}
ORDERABLE = frozenset((B, X, H, I, J, E, F, C, P, M, D, Z, N, U, V, T))


# ---------------------------------------------------------------- traversal helpers

def aggregate(x, on_vec, on_list, on_empty, on_atom=None):
    """Apply an aggregate: on_vec(Vec), on_list(items) for general lists, per value/column."""
    if isinstance(x, Vec):
        return on_vec(x)
    if isinstance(x, Atom):
        return on_atom(x) if on_atom else x
    if isinstance(x, List):
        return on_list(x.items) if x.items else on_empty
    if isinstance(x, Dict):
        return aggregate(x.v, on_vec, on_list, on_empty, on_atom)
    if isinstance(x, Table):
        return Dict(symvec(x.names),
                    from_items([aggregate(c, on_vec, on_list, on_empty, on_atom) for c in x.cols]))
    raise QError("type")


def uniform(x, on_vec, on_list):
    """Apply a running (uniform) function: same count; dict values; table columns."""
    def one(v):
        if isinstance(v, Vec):
            return on_vec(v)
        if isinstance(v, Atom):
            return v
        if isinstance(v, List):
            return on_list(v.items) if v.items else v
        raise QError("type")
    return pervade1(one, x, leaf=lambda v: not isinstance(v, (Dict, Table)))


def fold(fn):
    def run(its):
        acc = its[0]
        for it in its[1:]:
            acc = fn(acc, it)
        return acc
    return run


def scan(fn):
    def run(its):
        out, acc = [], None
        for it in its:
            acc = it if acc is None else fn(acc, it)
            out.append(acc)
        return from_items(out)
    return run


def _wrap_int(a, t):
    """int64 array/scalar wrapped to the width of integral type t (two's complement)."""
    dt = DTYPES[t]
    return np.asarray(a, dtype=np.int64).astype(dt) if dt != np.int64 else np.asarray(a, np.int64)


def _int_work(v, fill):
    """int64 copy of an integral/temporal vector with nulls replaced by `fill`. The null is
    the type's least value, so min finds one without a mask the vector's size."""
    if v.t in NULL_INT and len(v.a) and v.a.min() == NULL_INT[v.t]:
        a = v.a.astype(np.int64)          # a copy only when nulls must be replaced
        a[v.a == NULL_INT[v.t]] = fill
        return a
    return v.a.astype(np.int64, copy=False)


def _sum_type(v):
    t = SUM_TYPE.get(v.t)
    if t is None:
        raise QError("type")
    return t


# ---------------------------------------------------------------- sum prd sums prds

def _combine(np_fn, identity, running):
    """sum/prd (running False) or sums/prds (True) of a simple vector; nulls count as
    the identity, so they are skipped."""
    def run(v):
        t = _sum_type(v)
        if t in FLOATING:
            r = np_fn(np.where(np.isnan(v.a), identity, v.a).astype(np.float64))
            return Vec(t, r.astype(DTYPES[t])) if running else Atom(-t, DTYPES[t](r))
        r = _wrap_int(np_fn(_int_work(v, identity)), t)
        return Vec(t, r) if running else Atom(-t, r[()])
    return run


_sum_vec = _combine(np.sum, 0, False)
_sums_vec = _combine(np.cumsum, 0, True)
_prd_vec = _combine(np.prod, 1, False)
_prds_vec = _combine(np.cumprod, 1, True)


@kw("sum", rank=1)
def sum_(x):
    """sum x: total, nulls skipped over a vector.

    q)sum 2 3 0N 7
    12
    """
    return aggregate(x, _sum_vec, fold(add), long(0))


@kw("prd", rank=1)
def prd(x):
    """prd x: product, nulls count as 1.

    q)prd 2 3 5 7
    210
    """
    return aggregate(x, _prd_vec, fold(mul), long(1))


@kw("sums", rank=1)
def sums(x):
    """sums x: running totals.

    q)sums 1 2 3 4
    1 3 6 10
    """
    return uniform(x, _sums_vec, scan(add))


@kw("prds", rank=1)
def prds(x):
    """prds x: running products.

    q)prds 2 3 5 7
    2 6 30 210
    """
    return uniform(x, _prds_vec, scan(mul))


# ---------------------------------------------------------------- max min maxs mins

def _extreme(t, high):
    """The largest (high) or smallest value of type t: 0W/-0W for the null-bearing types."""
    if t in NAN_NULL:
        return DTYPES[t](np.inf if high else -np.inf)
    if t in NULL_INT:
        return DTYPES[t](INF_INT[t] if high else -INF_INT[t])
    if t == B:
        return np.bool_(high)
    return np.uint8(255 if high else 0)           # byte, char


def _check_order(v):
    if v.t not in ORDERABLE:
        raise QError("type")


def _minmax_vec(is_max):
    def run(v):
        _check_order(v)
        a = v.a[~null_mask(v)] if v.t != C else v.a
        if len(a) == 0:
            return Atom(-v.t, _extreme(v.t, not is_max))
        return Atom(-v.t, DTYPES[v.t](a.max() if is_max else a.min()))
    return run


def _running_vec(is_max):
    def run(v):
        _check_order(v)
        if v.t == C or v.t in (B, X):
            acc = np.maximum if is_max else np.minimum
            return Vec(v.t, acc.accumulate(v.a).astype(DTYPES[v.t]) if len(v.a) else v.a)
        fill = _extreme(v.t, not is_max)
        a = np.where(null_mask(v), fill, v.a).astype(DTYPES[v.t])
        acc = np.maximum if is_max else np.minimum
        return Vec(v.t, acc.accumulate(a) if len(a) else a)
    return run


@kw("max", rank=1)
def max_(x):
    """max x: largest item, nulls skipped (all null: -0W).

    q)max 0N 5 1
    5
    """
    return aggregate(x, _minmax_vec(True), fold(greater), Atom(-J, np.int64(-INF_INT[J])))


@kw("min", rank=1)
def min_(x):
    """min x: smallest item, nulls skipped (all null: 0W).

    q)min 0N 5 1
    1
    """
    return aggregate(x, _minmax_vec(False), fold(lesser), Atom(-J, np.int64(INF_INT[J])))


@kw("maxs", rank=1)
def maxs(x):
    """maxs x: running maximums; leading nulls give -0W.

    q)maxs 0N 5 0N 1
    -0W 5 5 5
    """
    return uniform(x, _running_vec(True), scan(greater))


@kw("mins", rank=1)
def mins(x):
    """mins x: running minimums; leading nulls give 0W.

    q)mins 2 5 1
    2 2 1
    """
    return uniform(x, _running_vec(False), scan(lesser))


# ---------------------------------------------------------------- avg med

def _as_float(v):
    if v.t in (S, C):
        raise QError("type")
    return widen(v.t, v.a, F) if v.t != F else v.a


def _avg_vec(v):
    a = _as_float(v)
    a = a[~np.isnan(a)]
    return flt(a.mean() if len(a) else np.nan)


@kw("avg", rank=1)
def avg(x):
    """avg x: mean as a float, nulls skipped over a vector.

    q)avg 1 2 3 4
    2.5
    """
    def on_list(its):
        return fdiv(fold(add)(its), long(len(its)))
    return aggregate(x, _avg_vec, on_list, flt(np.nan), lambda a: _avg_vec(enlist(a)))


def _med_vec(v):
    """{avg x (iasc x)@floor .5*-1 0+count x}: nulls sort first and are not skipped."""
    a = _as_float(v)
    n = len(a)
    if n == 0:
        return flt(np.nan)
    nulls = int(np.isnan(a).sum())
    s = np.concatenate((np.full(nulls, np.nan), np.sort(a[~np.isnan(a)])))
    pair = np.array([s[(n - 1) // 2], s[n // 2]])
    pair = pair[~np.isnan(pair)]                     # avg skips a null middle item
    return flt(pair.mean() if len(pair) else np.nan)


def _med_items(its):
    """q's med of a general list, {avg x(<x)@_.5*-1 0+#x}: the items sorted as a list
    (vectors compare item by item), then the average of the middle one or two."""
    n = len(its)
    order = iasc(List(list(its))).a
    middle = [its[order[(n - 1) // 2]], its[order[n // 2]]]
    return fdiv(fold(add)(middle), long(2))


@kw("med", rank=1)
def med(x):
    """med x: median as a float.

    q)med 10 34 23 123 5 56
    28.5
    """
    return aggregate(x, _med_vec, _med_items, flt(np.nan), lambda a: _med_vec(enlist(a)))


# ---------------------------------------------------------------- all any

def _truth(v):
    if abs(v.t) == S:
        raise QError("type")
    t, a = data(v)
    if t in FLOATING:
        return np.asarray(a != 0)             # nan is not zero
    return np.asarray(a).astype(np.int64) != 0


def _as_bool(x):
    """x as booleans, item by item (0 is false, anything else true)."""
    if isinstance(x, Atom):
        return boolean(_truth(x).all())
    if isinstance(x, Vec):
        return Vec(B, _truth(x))
    if isinstance(x, List):
        return from_items([_as_bool(i) for i in x.items])
    raise QError("type")


def _itemwise(fn):
    """all/any of a general list: its items as booleans combined with & or |, so a list
    of vectors gives a vector (all (101b;110b) is 100b)."""
    return lambda its: fold(fn)([_as_bool(i) for i in its])


@kw("all", rank=1)
def all_(x):
    """all x: 1b when every item is non-zero.

    q)all 1 2 3=1 2 3
    1b
    """
    return aggregate(x, lambda v: boolean(_truth(v).all()), _itemwise(lesser), boolean(True),
                     lambda a: boolean(_truth(a).all()))


@kw("any", rank=1)
def any_(x):
    """any x: 1b when some item is non-zero.

    q)any 1 2 3=1 20 30
    1b
    """
    return aggregate(x, lambda v: boolean(_truth(v).any()), _itemwise(greater), boolean(False),
                     lambda a: boolean(_truth(a).any()))


# ---------------------------------------------------------------- deltas fills


def _deltas_vec(v):
    if v.t == S:
        raise QError("type")
    if len(v.a) == 0:
        return v
    rest = sub(Vec(v.t, v.a[1:]), Vec(v.t, v.a[:-1]))
    t = rest.t
    first = Atom(-v.t, v.a[0])
    head = Vec(t, np.array([widen(v.t, first.v, t) if v.t != t else first.v], dtype=DTYPES[t]))
    return Vec(t, np.concatenate((head.a, rest.a)))


def _deltas_list(its):
    out = [its[0]] + [sub(b, a) for a, b in zip(its, its[1:])]
    return from_items(out)


def deltas(x):
    """deltas x: first item, then differences of neighbours.

    q)deltas 10 13 20
    10 3 7
    """
    return uniform(x, _deltas_vec, _deltas_list)


def _fills_vec(v):
    mask = null_mask(v) if v.t not in (C,) else np.zeros(len(v.a), bool)
    if not mask.any():
        return v
    idx = np.where(mask, 0, np.arange(len(v.a)))   # leading nulls index item 0: still null
    np.maximum.accumulate(idx, out=idx)
    out = v.a[idx]
    return Vec(v.t, out)


def _fills_list(its):
    return scan(lambda a, b: fill(a, b) if _simple(a, b) else b)(its)


def _simple(a, b):
    return isinstance(a, (Atom, Vec)) and isinstance(b, (Atom, Vec))


@kw("fills", rank=1)
def fills(x):
    """fills x: nulls replaced by the previous non-null.

    q)fills 0N 2 0N 7
    0N 2 2 7
    """
    return uniform(x, _fills_vec, _fills_list)


# ---------------------------------------------------------------- wavg wsum

def _masked_pair(x, y):
    """Float arrays of two conforming numeric vectors with null pairs dropped."""
    if len(x.a) != len(y.a):
        raise QError("length")
    a, b = _as_float(x), _as_float(y)
    keep = ~(np.isnan(a) | np.isnan(b))
    return a[keep], b[keep]


@kw("wavg", rank=2)
def wavg(x, y):
    """x wavg y: average of y weighted by x, null pairs ignored.

    q)2 3 4 wavg 1 2 4
    2.666667
    """
    if isinstance(x, Vec) and isinstance(y, Vec):
        a, b = _masked_pair(x, y)
        return flt((a * b).sum() / a.sum() if len(a) else np.nan)
    if isinstance(y, Dict):
        return wavg(x, y.v)
    return fdiv(sum_(mul(x, y)), sum_(x))


@kw("wsum", rank=2)
def wsum(x, y):
    """x wsum y: sum of x*y (float for two vectors).

    q)2 3 4 wsum 1 2 4
    24f
    """
    if isinstance(x, Vec) and isinstance(y, Vec):
        a, b = _masked_pair(x, y)
        return flt((a * b).sum())
    if isinstance(y, Dict):
        return wsum(x, y.v)
    return sum_(mul(x, y))
