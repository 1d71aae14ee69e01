"""Arithmetic keywords (q-subset.md §4.3, §6): abs sqrt exp log sin cos tan asin acos atan
floor ceiling signum xexp div mod and or. All are atomic (through lists, dictionary values
and table columns). reciprocal is `%x` (prims/unary.py); aggregates are in aggregates.py."""
import numpy as np

from ..prims.atomic import pervade1, simple2, data, widen, greater, lesser, numeric_result
from ..errors import QError
from ..registry import KEYWORDS
from .text import case_of
from ..values import (B, C, E, F, H, I, J, S, X, P, M, D, N, U, V, T, Z, FLOATING, NULL_INT,
                     INF_INT, DTYPES, TEMPORAL, Atom, Vec)

kw = KEYWORDS.qfunc
NUMERIC = frozenset((B, X, H, I, J, E, F))


def _result(v, t, r):
    """Atom or vector of type t from NumPy result r, shaped like input v."""
    if isinstance(v, Atom):
        return Atom(-t, DTYPES[t](r))
    return Vec(t, np.asarray(r, dtype=DTYPES[t]))


def to_float(t, a):
    """Float64 data of a numeric, char or temporal atom/vector (nulls become nan)."""
    if t == S or t not in DTYPES:
        raise QError("type")
    if t == C:
        return np.asarray(a, dtype=np.float64) if np.ndim(a) else np.float64(a)
    return widen(t, a, F) if t != F else a


def _float_fn(fn):
    """A unary float function: any numeric/char/temporal argument, float result."""
    def one(v):
        t, a = data(v)
        return _result(v, F, fn(to_float(t, a)))
    return lambda x: pervade1(one, x)


for _name, _fn in {"sqrt": np.sqrt, "exp": np.exp, "log": np.log, "sin": np.sin,
                   "cos": np.cos, "tan": np.tan, "asin": np.arcsin, "acos": np.arccos,
                   "atan": np.arctan}.items():
    KEYWORDS.add(_name, _float_fn(_fn), 1)


# ---------------------------------------------------------------- abs signum floor ceiling

def _abs(v):
    t, a = data(v)
    if t == S or t not in DTYPES:
        raise QError("type")
    if t in (B, X, C):
        a, t = np.asarray(a).astype(np.int32), I
    return _result(v, t, np.abs(a))      # the null pattern maps to itself


@kw("abs", rank=1)
def abs_(x):
    """abs x: absolute value; b x c become int.

    q)abs 10 -43 0N
    10 43 0N
    """
    return pervade1(_abs, x)


def _signum(v):
    t, a = data(v)
    if t == S or t not in DTYPES:
        raise QError("type")
    if t in FLOATING:
        r = np.where(np.isnan(a), -1, np.sign(np.nan_to_num(a)))
    else:
        a = np.asarray(a).astype(np.int64)
        r = np.sign(a)
        if t in NULL_INT:
            r = np.where(a == NULL_INT[t], -1, r)
    return _result(v, I, r)


@kw("signum", rank=1)
def signum(x):
    """signum x: -1 0 1 as ints; nulls give -1.

    q)signum -2 0 1 3
    -1 0 1 1i
    """
    return pervade1(_signum, x)


def _round(fn, counts, text=None):
    """floor/ceiling: integers kept, floats to longs, with no comparison tolerance since
    V3.0; `counts` (ceiling's booleans, bytes, chars) become ints (code.kx.com/q/ref/ceiling);
    `text` takes chars and symbols (floor lowers them: its range is c s, ref/floor)."""
    def one(v):
        t, a = data(v)
        if t in (H, I, J):
            return v
        if text is not None and t in (C, S):
            return text(v)
        if t in counts:
            return _result(v, I, np.asarray(a).astype(np.int32))
        if t not in FLOATING:
            raise QError("type")
        f = np.asarray(a, dtype=np.float64)
        r = fn(np.nan_to_num(f, nan=0.0, posinf=0.0, neginf=0.0)).astype(np.int64)
        r = np.where(np.isnan(f), NULL_INT[J], r)
        r = np.where(f == np.inf, INF_INT[J], np.where(f == -np.inf, -INF_INT[J], r))
        return _result(v, J, r)
    return lambda x: pervade1(one, x)


KEYWORDS.add("floor", _round(np.floor, (), case_of("lower")), 1)
KEYWORDS.add("ceiling", _round(np.ceil, (B, X, C)), 1)


# ---------------------------------------------------------------- xexp div mod

def _atom_pair(x, y):
    return isinstance(x, Atom) and isinstance(y, Atom)


def _out(x, y, t, r):
    if _atom_pair(x, y):
        return Atom(-t, DTYPES[t](r))
    n = len(x.a) if isinstance(x, Vec) else len(y.a)
    return Vec(t, np.broadcast_to(np.asarray(r, dtype=DTYPES[t]), (n,)).copy())


@kw("xexp", rank=2)
@simple2
def xexp(x, y):
    """x xexp y: x to the power y as exp y*log x; negative x gives 0n.

    q)2 xexp 8
    256f
    """
    tx, ax = data(x)
    ty, ay = data(y)
    if tx not in NUMERIC or ty not in NUMERIC:
        raise QError("type")
    a, b = to_float(tx, ax), to_float(ty, ay)
    return _out(x, y, F, np.exp(b * np.log(a)))


# div: the result type follows the left argument (code.kx.com div domain table)
DIV_TYPE = {B: I, X: I, H: I, I: I, C: I, J: J, E: F, F: F}
# mod with an integral left argument: e/f on the right give e/f, else + promotion
MOD_TEMPORAL = {P: N, N: N, M: I, D: I, U: U, V: V, T: T}


def _int_operands(tx, ax, ty, ay):
    """int64 operands and the combined null mask of two integral/temporal arguments."""
    a = np.asarray(ax).astype(np.int64)
    b = np.asarray(ay).astype(np.int64)
    nulls = np.zeros(np.broadcast(a, b).shape, dtype=bool)
    if tx in NULL_INT:
        nulls = nulls | (a == NULL_INT[tx])
    if ty in NULL_INT:
        nulls = nulls | (b == NULL_INT[ty])
    return a, b, nulls | (b == 0)


def _int_div(t, tx, ax, ty, ay):
    a, b, nulls = _int_operands(tx, ax, ty, ay)
    r = np.floor_divide(a, np.where(b == 0, 1, b))
    return np.where(nulls, NULL_INT[t], r)


def _domain(t):
    """div and mod take numbers, chars and the integer-count temporals (not datetime)."""
    if t == S or t == Z or t not in DTYPES:
        raise QError("type")


@kw("div", rank=2)
@simple2
def div(x, y):
    """x div y: floored integer division, typed by x.

    q)7 div 2 3 4
    3 2 1
    """
    tx, ax = data(x)
    ty, ay = data(y)
    _domain(tx)
    _domain(ty)
    t = DIV_TYPE.get(tx, tx)
    if t == F or ty in FLOATING:
        r = np.floor(to_float(tx, ax) / to_float(ty, ay))
        if t == F:
            return _out(x, y, F, r)
        bad = ~np.isfinite(r)
        r = np.where(bad, NULL_INT[t], np.nan_to_num(r)).astype(np.int64)
        return _out(x, y, t, r)
    return _out(x, y, t, _int_div(t, tx, ax, ty, ay))


def _mod_type(tx, ty):
    if tx in FLOATING:
        return F
    if tx in TEMPORAL:
        if ty in FLOATING:
            return F
        return MOD_TEMPORAL[tx]
    if ty in FLOATING:
        return ty
    if ty in TEMPORAL or ty == C or tx == C:
        raise QError("type")
    return numeric_result(tx, ty)


@kw("mod", rank=2)
@simple2
def mod(x, y):
    """x mod y: remainder with the sign of y.

    q)-3 -2 -1 0 1 2 3 mod 3
    0 1 2 0 1 2 0
    """
    tx, ax = data(x)
    ty, ay = data(y)
    _domain(tx)
    _domain(ty)
    t = _mod_type(tx, ty)
    if t in FLOATING:
        a, b = to_float(tx, ax), to_float(ty, ay)
        return _out(x, y, t, a - b * np.floor(a / b))
    a, b, nulls = _int_operands(tx, ax, ty, ay)
    r = np.mod(a, np.where(b == 0, 1, b))
    return _out(x, y, t, np.where(nulls, NULL_INT.get(t, 0), r))


KEYWORDS.add("and", lesser, 2)
KEYWORDS.add("or", greater, 2)
