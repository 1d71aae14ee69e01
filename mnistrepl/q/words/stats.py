"""Statistics keywords (code.kx.com/q/ref/var, cor, cov, avgs, rank, xrank, xlog):
var svar dev sdev cov scov cor avgs rank xrank xlog.

Over a simple vector they skip nulls and return floats; numeric arguments only (temporal,
char and symbol signal 'type). Over a general list (a matrix) they work item-wise with
q's own arithmetic; dictionaries apply to their values, tables column by column."""
import numpy as np

from ..prims.atomic import add, mul, sub, fdiv, simple2, data, widen
from ..prims.unary import iasc
from ..errors import QError
from ..registry import KEYWORDS
from ..values import E, F, J, NUMERIC, Atom, Vec, List, Dict, count, flt, from_items
from .aggregates import aggregate, uniform, avg
from .math import _out

kw = KEYWORDS.qfunc


def floats(v):
    """Float64 data of a numeric atom or vector, nulls as nan; 'type otherwise."""
    if not isinstance(v, (Atom, Vec)):
        raise QError("type")
    t, a = data(v)
    if t not in NUMERIC:
        raise QError("type")
    return np.atleast_1d(np.asarray(widen(t, a, F), dtype=np.float64))


def _var(a, sample):
    a = a[~np.isnan(a)]
    n = len(a)
    if n - sample <= 0:
        return np.nan
    with np.errstate(all="ignore"):
        return float(((a - a.mean()) ** 2).sum() / (n - sample))


def _var_list(its, sample):
    """Item-wise variance of a list of vectors: avg[x*x]-m*m, times n%n-1 for the sample."""
    x = List(list(its))
    m = avg(x)
    v = sub(avg(from_items([mul(i, i) for i in its])), mul(m, m))
    if sample:
        n = len(its)
        v = mul(v, flt(n / (n - 1) if n > 1 else np.nan))
    return v


def _variance(sample, root):
    def on_vec(v):
        r = _var(floats(v), sample)
        return flt(np.sqrt(r) if root else r)

    def on_list(its):
        r = _var_list(its, sample)
        return KEYWORDS["sqrt"].fn(r) if root else r
    return lambda x: aggregate(x, on_vec, on_list, flt(np.nan), on_vec)


for _name, _sample, _root in (("var", 0, False), ("svar", 1, False),
                              ("dev", 0, True), ("sdev", 1, True)):
    KEYWORDS.add(_name, _variance(_sample, _root), 1)


# ---------------------------------------------------------------- cov scov cor

def _pairs(x, y):
    """Float arrays of two conforming numeric lists with null pairs dropped."""
    if isinstance(x, Dict):
        x = x.v
    if isinstance(y, Dict):
        y = y.v
    if not (isinstance(x, (Atom, Vec)) and isinstance(y, (Atom, Vec))):
        raise QError("type")
    a, b = floats(x), floats(y)
    if isinstance(x, Vec) and isinstance(y, Vec) and len(a) != len(b):
        raise QError("length")
    a, b = np.broadcast_arrays(a, b)
    keep = ~(np.isnan(a) | np.isnan(b))
    return a[keep], b[keep]


def _cov(a, b, sample):
    n = len(a)
    if n - sample <= 0:
        return np.nan
    return float(((a - a.mean()) * (b - b.mean())).sum() / (n - sample))


@kw("cov", rank=2)
def cov(x, y):
    """x cov y: covariance, null pairs skipped.

    q)2 3 5 7 cov 3 3 5 9
    4.5
    """
    return flt(_cov(*_pairs(x, y), 0))


@kw("scov", rank=2)
def scov(x, y):
    """x scov y: sample covariance.

    q)2 3 5 7 scov 3 3 5 9
    6f
    """
    return flt(_cov(*_pairs(x, y), 1))


@kw("cor", rank=2)
def cor(x, y):
    """x cor y: correlation.

    q)29 10 54 cor 1 3 9
    0.7727746
    """
    a, b = _pairs(x, y)
    with np.errstate(all="ignore"):
        return flt(_cov(a, b, 0) / np.sqrt(_var(a, 0) * _var(b, 0)))


# ---------------------------------------------------------------- avgs

def _avgs_vec(v):
    a = floats(v)
    nulls = np.isnan(a)
    with np.errstate(all="ignore"):
        r = np.cumsum(np.where(nulls, 0.0, a)) / np.cumsum(~nulls)
    return Vec(F, r)


@kw("avgs", rank=1)
def avgs(x):
    """avgs x: running averages, nulls skipped.

    q)avgs 1 2 3 0n 4 -0w 0w
    1 1.5 2 2 2.5 -0w 0n
    """
    def on_list(its):
        out = [its[0]]
        for n, it in enumerate(its[1:], 2):
            out.append(add(out[-1], fdiv(sub(it, out[-1]), Atom(-J, np.int64(n)))))
        return from_items(out)
    return uniform(x, _avgs_vec, on_list)


# ---------------------------------------------------------------- rank xrank

@kw("rank", rank=1)
def rank(x):
    """rank x: the position each item would have in the sorted list (iasc iasc x).

    q)rank 2 7 3 2 5
    0 4 2 1 3
    """
    if isinstance(x, Atom):
        raise QError("rank")
    return iasc(iasc(x))


@kw("xrank", rank=2)
def xrank(x, y):
    """x xrank y: y's items in x buckets of (about) equal size, by rank.

    q)4 xrank til 8
    0 0 1 1 2 2 3 3
    """
    if isinstance(y, Atom):
        raise QError("rank")
    if not (isinstance(x, Atom) and -x.t in NUMERIC):
        raise QError("type")
    r = rank(y)
    n = count(y)
    if isinstance(r, Dict):
        r = r.v
    k = np.asarray(r.a, dtype=np.int64)
    if -x.t in (E, F):
        return Vec(J, np.floor(k * float(x.v) / n).astype(np.int64))
    return Vec(J, (k * int(x.v)) // n)


# ---------------------------------------------------------------- xlog

@kw("xlog", rank=2)
@simple2
def xlog(x, y):
    """x xlog y: the base-x logarithm of y.

    q)2 xlog 8
    3f
    """
    a, b = floats(x), floats(y)
    with np.errstate(all="ignore"):
        r = np.log(b) / np.log(a)
    return _out(x, y, F, r if not (isinstance(x, Atom) and isinstance(y, Atom)) else r[0])

