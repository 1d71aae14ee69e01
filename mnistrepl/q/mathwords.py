"""Arithmetic and aggregate keywords (q-subset.md §6): sum, avg, max, min, abs, floor,
sqrt, mod, div, ... Aggregates skip nulls over simple vectors."""
import numpy as np

from .atomic import pervade1, pervade2, simple2, data, null_of, widen, add, mul, greater, lesser, RANK
from .errors import QError
from .registry import KEYWORDS
from .values import (B, C, E, F, H, I, J, S, X, INTEGRAL, FLOATING, NULL_INT, INF_INT,
                     Atom, Dict, List, Table, Vec, count, from_items, items, long, flt, DTYPES)

kw = KEYWORDS.qfunc


def _fold_items(fn, x, empty):
    its = items(x)
    if not its:
        return empty
    acc = its[0]
    for it in its[1:]:
        acc = fn(acc, it)
    return acc


def _aggregate(x, simple, combine, empty):
    """Apply `simple` to a vector; fold `combine` over a general list; per column/value."""
    if isinstance(x, Vec):
        return simple(x)
    if isinstance(x, Atom):
        return simple(Vec(-x.t, np.array([x.v], dtype=DTYPES[-x.t]) if x.t != -S else np.array([x.v], dtype=object)))
    if isinstance(x, Dict):
        if isinstance(x.v, Table):
            return _aggregate(x.v, simple, combine, empty)
        return _aggregate(x.v, simple, combine, empty)
    if isinstance(x, Table):
        from .values import symvec
        return Dict(symvec(x.names), from_items([_aggregate(c, simple, combine, empty) for c in x.cols]))
    return _fold_items(combine, x, empty)


def _sum_vec(v):
    t = v.t
    if t in FLOATING:
        return Atom(-t, DTYPES[t](np.nansum(v.a)))
    if t in (B, X, H, I):
        a = widen(t, v.a, J) if t in NULL_INT else v.a.astype(np.int64)
        a = a[a != NULL_INT[J]] if t in NULL_INT else a
        return Atom(-J if t == J else -I if False else -J, np.int64(a.sum())) if t != I else Atom(-I, np.int32(a.sum()))
    if t == J:
        a = v.a[v.a != NULL_INT[J]]
        return Atom(-J, np.int64(a.sum()))
    raise QError("type")


@kw("sum", rank=1)
def sum_(x):
    """sum x: total, nulls skipped.  q)sum 1 2 3 → 6"""
    r = _aggregate(x, _sum_vec, add, long(0))
    return r


@kw("prd", rank=1)
def prd(x):
    def simple(v):
        if v.t in FLOATING:
            return Atom(-F if v.t == F else -E, DTYPES[v.t](np.nanprod(v.a)))
        if v.t in (B, X, H, I, J):
            a = v.a.astype(np.int64)
            return Atom(-J, np.int64(np.prod(a)))
        raise QError("type")
    return _aggregate(x, simple, mul, long(1))


def _minmax_vec(is_max):
    def run(v):
        t = v.t
        if t == S:
            vals = [s for s in v.a.tolist() if s]
            return Atom(-S, (max(vals) if is_max else min(vals)) if vals else "")
        if t not in DTYPES or t == C and False:
            raise QError("type")
        mask = ~null_of(t, v.a) if t in NULL_INT or t in FLOATING else np.ones(len(v.a), bool)
        a = v.a[mask]
        if len(a) == 0:
            if t in FLOATING:
                return Atom(-t, DTYPES[t](-np.inf if is_max else np.inf))
            if t in NULL_INT:
                return Atom(-t, DTYPES[t](-INF_INT[t] if is_max else INF_INT[t]))
            return Atom(-t, DTYPES[t](0))
        return Atom(-t, DTYPES[t](a.max() if is_max else a.min()))
    return run


@kw("max", rank=1)
def max_(x):
    """max x: largest item, nulls skipped.  q)max 1 5 3 → 5"""
    return _aggregate(x, _minmax_vec(True), greater, Atom(-J, np.int64(-INF_INT[J])))


@kw("min", rank=1)
def min_(x):
    return _aggregate(x, _minmax_vec(False), lesser, Atom(-J, np.int64(INF_INT[J])))


@kw("avg", rank=1)
def avg(x):
    """avg x: mean as a float, nulls skipped.  q)avg 1 2 3 4 → 2.5"""
    def simple(v):
        if v.t == S or v.t == C:
            raise QError("type")
        a = widen(v.t, v.a, F)
        a = a[~np.isnan(a)]
        return Atom(-F, np.float64(a.mean()) if len(a) else np.float64(np.nan))
    if isinstance(x, List):
        n = count(x)
        if n == 0:
            return Atom(-F, np.float64(np.nan))
        from .atomic import fdiv
        return fdiv(sum_(x), long(n))
    return _aggregate(x, simple, add, Atom(-F, np.float64(np.nan)))


def _math1(fn, result_float=True):
    def run(x):
        def one(v):
            t, a = data(v)
            if t in (S, C):
                raise QError("type")
            f = widen(t, a, F) if t != F else a
            r = fn(f)
            return Atom(-F, np.float64(r)) if isinstance(v, Atom) else Vec(F, np.asarray(r, dtype=np.float64))
        return pervade1(one, x)
    return run


for _name, _fn in {"sqrt": np.sqrt, "exp": np.exp, "log": np.log, "sin": np.sin, "cos": np.cos,
                   "tan": np.tan, "asin": np.arcsin, "acos": np.arccos, "atan": np.arctan,
                   "reciprocal": lambda a: 1.0 / a}.items():
    KEYWORDS.add(_name, _math1(_fn), 1)


def _keep_int(fn):
    def run(x):
        def one(v):
            t, a = data(v)
            if t in FLOATING:
                r = fn(a.astype(np.float64) if np.ndim(a) else np.float64(a))
                nulls = np.isnan(r)
                out = np.where(nulls, NULL_INT[J], np.nan_to_num(r, nan=0, posinf=INF_INT[J], neginf=-INF_INT[J])).astype(np.int64) if np.ndim(r) else (np.int64(NULL_INT[J]) if np.isnan(r) else np.int64(r) if np.isfinite(r) else np.int64(INF_INT[J] if r > 0 else -INF_INT[J]))
                return Atom(-J, np.int64(out)) if isinstance(v, Atom) else Vec(J, out)
            if t in (H, I, J):
                return v
            if t in (B, X):
                return Atom(-I, np.int32(a)) if isinstance(v, Atom) else Vec(I, a.astype(np.int32))
            raise QError("type")
        return pervade1(one, x)
    return run


KEYWORDS.add("floor", _keep_int(np.floor), 1)
KEYWORDS.add("ceiling", _keep_int(np.ceil), 1)


@kw("abs", rank=1)
def abs_(x):
    """abs x: absolute value (atomic; b and x become int)."""
    def one(v):
        t, a = data(v)
        if t in (S, C):
            raise QError("type")
        if t in (B, X):
            a, t = widen(t, a, I), I
        r = np.abs(a)
        return Atom(-t, DTYPES[t](r)) if isinstance(v, Atom) else Vec(t, np.asarray(r, dtype=DTYPES[t]))
    return pervade1(one, x)


def _int_div_type(tx, ty):
    if tx in FLOATING or ty in FLOATING:
        return F
    if tx in (B, X, H, I, C) and ty in (B, X, H, I, C):
        return I
    return J


@kw("div", rank=2)
@simple2
def div(x, y):
    """x div y: floored division.  q)7 div 2 → 3"""
    tx, ax = data(x)
    ty, ay = data(y)
    if tx == S or ty == S:
        raise QError("type")
    t = _int_div_type(tx, ty)
    if t == F:
        r = np.floor(np.true_divide(widen(tx, ax, F), widen(ty, ay, F)))
    else:
        a, b = widen(tx, ax, J), widen(ty, ay, J)
        with np.errstate(all="ignore"):
            r = np.where(np.asarray(b) == 0, NULL_INT[J], np.floor_divide(a, np.where(np.asarray(b) == 0, 1, b)))
    atom = isinstance(x, Atom) and isinstance(y, Atom)
    return Atom(-t, DTYPES[t](r)) if atom else Vec(t, np.asarray(r, dtype=DTYPES[t]) if np.ndim(r) else np.full(max(count(x), count(y)), r, dtype=DTYPES[t]))


@kw("mod", rank=2)
@simple2
def mod(x, y):
    """x mod y: remainder with the sign of y.  q)-7 mod 3 → 2"""
    tx, ax = data(x)
    ty, ay = data(y)
    if tx == S or ty == S:
        raise QError("type")
    if tx in FLOATING or ty in FLOATING:
        t = F
        r = np.mod(widen(tx, ax, F), widen(ty, ay, F))
    else:
        from .atomic import numeric_result
        t = numeric_result(tx, ty)
        r = np.mod(np.asarray(widen(tx, ax, J)), np.asarray(widen(ty, ay, J)))
    atom = isinstance(x, Atom) and isinstance(y, Atom)
    return Atom(-t, DTYPES[t](r)) if atom else Vec(t, np.broadcast_to(np.asarray(r, dtype=DTYPES[t]), (max(count(x) if not atom else 1, count(y)),)).copy())


KEYWORDS.add("and", lesser, 2)
KEYWORDS.add("or", greater, 2)


@kw("sums", rank=1)
def sums(x):
    """sums x: running totals.  q)sums 1 2 3 4 → 1 3 6 10"""
    if isinstance(x, Vec) and x.t in (B, X, H, I, J, E, F):
        t = x.t if x.t in (J, E, F) else (I if x.t != J else J)
        t = J if x.t in (B, X, H, I) else x.t
        a = widen(x.t, x.a, t) if x.t in NULL_INT else x.a.astype(DTYPES[t])
        if t in FLOATING:
            return Vec(t, np.nancumsum(a).astype(DTYPES[t]))
        a = np.where(a == NULL_INT[J], 0, a) if t == J else a
        return Vec(t, np.cumsum(a).astype(DTYPES[t]))
    out, acc = [], None
    for it in items(x):
        acc = it if acc is None else add(acc, it)
        out.append(acc)
    return from_items(out)
