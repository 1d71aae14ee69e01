"""Pervasion written once: lift functions on NumPy arrays over atoms, vectors, general
lists, dictionaries and tables (oK's am/ad), plus q's numeric promotion rules."""
import numpy as np

from ..errors import QError
from . import temporal_arith
from .temporal_arith import WORK, needs_units, to_unit
from ..values import (B, X, H, I, J, E, F, C, S, P, M, D, N, U, V, T, NULL_INT, DTYPES, FLOATING, NAN_NULL, Z,
                      Atom, Vec, List, Dict, Table, from_items, items, count, key_of)

np.seterr(all="ignore")     # q wraps integer overflow and gives 0n/0w for float faults

RANK = {B: 0, X: 1, H: 2, I: 3, J: 4, E: 5, F: 6}


def is_simple(x):
    return isinstance(x, (Atom, Vec))


def data(x):
    """(type, scalar-or-array) of an atom or vector."""
    return (-x.t, x.v) if isinstance(x, Atom) else (x.t, x.a)


def wrap(t, a, atom):
    """A q value of type t from a NumPy result; an atom when both inputs were atoms."""
    if atom:
        return Atom(-t, DTYPES[t](a) if t != S else a)
    return Vec(t, np.asarray(a, dtype=DTYPES[t]))


def null_of(t, a):
    """Boolean mask (or bool) of nulls in a of type t."""
    if t in NAN_NULL:
        return np.isnan(a)
    if t in NULL_INT:
        return a == NULL_INT[t]
    if t == S:
        return a == "" if isinstance(a, str) else (a == "")
    if t == C:
        return a == 32
    return np.zeros(np.shape(a), dtype=bool) if np.ndim(a) else False


def widen(t, a, to):
    """Convert array/scalar a of type t to type `to`, keeping nulls null."""
    if t == to:
        return a
    dt = DTYPES[to]
    if not np.ndim(a):
        if t in NULL_INT and a == NULL_INT[t]:
            return dt(np.nan) if to in FLOATING else dt(NULL_INT[to]) if to in NULL_INT else dt(a)
        return dt(a)
    r = np.asarray(a).astype(dt)
    if t in NULL_INT and (to in FLOATING or to in NULL_INT):
        mask = a == NULL_INT[t]
        if mask.any():
            r[mask] = np.nan if to in FLOATING else NULL_INT[to]
    return r


def numeric_result(tx, ty):
    """Result type of + - * for numeric types (q-subset.md §4.3)."""
    if tx == C or ty == C:
        raise QError("type")
    r = max(RANK[tx], RANK[ty])
    if r <= RANK[I]:
        return I
    return (J, E, F)[r - RANK[J]]


# ---------------------------------------------------------------- pervasion

def pervade2(fn, x, y, right_only=None):
    """Apply fn(x, y) (defined on atoms/vectors) atom-wise through lists, dicts, tables.
    Two dictionaries combine with upsert semantics: a key in one only keeps its value,
    passed through right_only when it is y's (Subtract negates it)."""
    if is_simple(x) and is_simple(y):
        return fn(x, y)
    if isinstance(x, Dict) or isinstance(y, Dict):
        return _dict2(fn, x, y, right_only)
    if isinstance(x, Table) or isinstance(y, Table):
        return _table2(fn, x, y)
    if isinstance(x, (List, Vec)) and isinstance(y, (List, Vec)):
        if count(x) != count(y):
            raise QError("length")
        return from_items([pervade2(fn, a, b) for a, b in zip(items(x), items(y))])
    if isinstance(x, (List, Vec)):
        return from_items([pervade2(fn, a, y) for a in items(x)])
    if isinstance(y, (List, Vec)):
        return from_items([pervade2(fn, x, b) for b in items(y)])
    raise QError("type")


def _dict2(fn, x, y, right_only=None):
    if isinstance(x, Dict) and isinstance(y, Dict):
        kx, ky = items(x.k), items(y.k)
        vx, vy = items(x.v), items(y.v)
        pos = {key_of(k): i for i, k in enumerate(ky)}
        out_k, out_v, used = [], [], set()
        for k, v in zip(kx, vx):
            j = pos.get(key_of(k))
            out_k.append(k)
            if j is None:
                out_v.append(v)
            else:
                used.add(j)
                out_v.append(pervade2(fn, v, vy[j]))
        for j, (k, v) in enumerate(zip(ky, vy)):
            if j not in used:
                out_k.append(k)
                out_v.append(v if right_only is None else right_only(v))
        return Dict(from_items(out_k), from_items(out_v))
    if isinstance(x, Dict):
        return Dict(x.k, pervade2(fn, x.v, y))
    return Dict(y.k, pervade2(fn, x, y.v))


def _table2(fn, x, y):
    if isinstance(x, Table) and isinstance(y, Table):
        if x.names != y.names:
            raise QError("length")
        return Table(x.names, [pervade2(fn, a, b) for a, b in zip(x.cols, y.cols)])
    if isinstance(x, Table):
        return Table(x.names, [pervade2(fn, a, y) for a in x.cols])
    return Table(y.names, [pervade2(fn, x, b) for b in y.cols])


def pervade1(fn, x, leaf=is_simple, join=from_items):
    """fn applied to every leaf of x, keeping the shape of general lists, dictionary values
    and table columns; 'type for anything else. The leaves are atoms and vectors unless
    `leaf` says otherwise; `join` rebuilds a list from its results (from_items makes a
    vector of atoms of one type; List keeps a general list)."""
    if leaf(x):
        return fn(x)
    if isinstance(x, List):
        return join([pervade1(fn, i, leaf, join) for i in x.items])
    if isinstance(x, Dict):
        return Dict(x.k, pervade1(fn, x.v, leaf, join))
    if isinstance(x, Table):
        return Table(x.names, [pervade1(fn, c, leaf, join) for c in x.cols])
    raise QError("type")


def simple2(fn):
    """Decorator: fn on two atoms/vectors -> pervasive binary function with length check."""
    def lifted(x, y):
        return pervade2(_checked(fn), x, y)
    lifted.__doc__ = fn.__doc__
    lifted.__name__ = fn.__name__
    return lifted


def _checked(fn):
    def run(x, y):
        if isinstance(x, Vec) and isinstance(y, Vec) and len(x.a) != len(y.a):
            raise QError("length")
        return fn(x, y)
    return run


# ---------------------------------------------------------------- arithmetic

NUMERIC_OK = frozenset((B, X, H, I, J, E, F))


def _arith(op, temporal_table):
    def run(x, y):
        tx, ax = data(x)
        ty, ay = data(y)
        atom = isinstance(x, Atom) and isinstance(y, Atom)
        if tx == Z or ty == Z or (tx, ty) in DATE_AND_FLOAT:
            return _datetime_arith(op, tx, ax, ty, ay, atom)
        if tx in NUMERIC_OK and ty in NUMERIC_OK:
            t = numeric_result(tx, ty)
        elif (tx, ty) in temporal_table:
            t = temporal_table[(tx, ty)]
        else:
            raise QError("type")
        if needs_units(tx, ty, t):        # 2024.01.02+12:00 counts both sides in ns
            ax, ay = to_unit(tx, ax, t), to_unit(ty, ay, t)
            tx = ty = WORK[t]
        return _int_or_float(op, t, tx, ax, ty, ay, atom)
    return run


CLOCK_TYPES = frozenset((N, U, V, T))
DATE_AND_FLOAT = frozenset(((D, F), (F, D)))     # a date and float days make a datetime


def _datetime_type(tx, ty):
    """KX's Add and Subtract range tables (code.kx.com/q/ref/add, ref/subtract), the same
    for both: z with z is f; z with a number, a char, a minute, second or time is z; z with
    a timespan is a timestamp; a date with a float is z; any other pairing 'type."""
    sides = {tx, ty}
    if sides == {Z}:
        return F
    if sides == {D, F}:
        return Z
    other = next(iter(sides - {Z}))
    if other in NUMERIC_OK or other in (C, U, V, T):
        return Z
    if other == N:
        return P
    raise QError("type")


def _datetime_arith(op, tx, ax, ty, ay, atom):
    """+ and - with a datetime side (float days), or a date and a float."""
    if op not in (np.add, np.subtract):
        raise QError("type")
    t = _datetime_type(tx, ty)
    if t == P:                   # datetime and timespan: nanoseconds, the datetime's to the ms
        a, b = _ns_of(tx, ax), _ns_of(ty, ay)
        r = op(a, b)
        null = (a == NULL_INT[J]) | (b == NULL_INT[J])
        return wrap(P, np.where(null, NULL_INT[J], r), atom)
    return wrap(t, op(_days(tx, ax), _days(ty, ay)), atom)


def _days(t, a):
    """Days of a datetime, a date, a time of day or a number, as floats (nulls NaN)."""
    if t == Z:
        return a
    return _as_days(t, a) if t in CLOCK_TYPES | {D} else widen(t, a, F) if t != C else \
        np.asarray(a, dtype=np.float64)


def _ns_of(t, a):
    """Nanoseconds of a datetime (rounded to its millisecond) or a timespan; null long null."""
    if t != Z:
        return np.asarray(a, dtype=np.int64)
    a = np.asarray(a, dtype=np.float64)
    ms = np.round(np.where(np.isnan(a), 0, a) * 86_400_000).astype(np.int64)
    return np.where(np.isnan(a), NULL_INT[J], ms * 10**6)


def _int_or_float(op, t, tx, ax, ty, ay, atom):
    if t in FLOATING:
        return wrap(t, op(widen(tx, ax, t), widen(ty, ay, t)), atom)
    work = WORK.get(t, t)
    dt = DTYPES[work]
    a = _as_work(tx, ax, work, dt)
    b = _as_work(ty, ay, work, dt)
    r = op(a, b)
    null = NULL_INT[work]
    if atom:
        if _is_null_scalar(tx, ax) or _is_null_scalar(ty, ay):
            r = dt(null)
        return wrap(t, r, atom)
    if _is_null_scalar(tx, ax) or _is_null_scalar(ty, ay):
        r = np.full(np.shape(r), null, dtype=dt)
    else:
        for tz, az in ((tx, ax), (ty, ay)):      # null in, null out (wraparound aside)
            if np.ndim(az) and tz in NULL_INT:
                mask = az == NULL_INT[tz]
                if mask.any():
                    r[mask] = null
    return wrap(t, r, atom)


def _as_work(t, a, work, dt):
    if t in NULL_INT or t in (B, X):
        a = widen(t, a, work)
    return np.asarray(a, dtype=dt) if np.ndim(a) else dt(a)


def _is_null_scalar(t, a):
    return not np.ndim(a) and t in NULL_INT and a == NULL_INT[t]


_add = _arith(np.add, temporal_arith.ADD)
_sub = _arith(np.subtract, temporal_arith.SUB)
_mul = _arith(np.multiply, temporal_arith.MUL)
_ADD, _SUB, _MUL = _checked(_add), _checked(_sub), _checked(_mul)
NULLJ = np.int64(NULL_INT[J])    # (a NumPy scalar: long atoms compare with it fastest)
LONG, FLOAT = -J, -F


def add(x, y):
    """x+y  add (atomic).

    q)2+3
    5
    q)1 2+10
    11 12
    """
    t = x.t
    if t == y.t:        # quick paths for the commonest cases, written out in add, sub and
        if t == LONG:   # mul alike: a shared helper would cost a call per atom
            a, b = x.v, y.v
            if a == NULLJ or b == NULLJ:
                return Atom(LONG, NULLJ)
            return Atom(LONG, a + b)
        if t == FLOAT:                       # (nulls are NaN: they carry through)
            return Atom(FLOAT, x.v + y.v)
    return pervade2(_ADD, x, y)


def sub(x, y):
    """x-y  subtract (atomic).

    q)10-2*3
    4
    """
    t = x.t
    if t == y.t:
        if t == LONG:
            a, b = x.v, y.v
            if a == NULLJ or b == NULLJ:
                return Atom(LONG, NULLJ)
            return Atom(LONG, a - b)
        if t == FLOAT:
            return Atom(FLOAT, x.v - y.v)
    return pervade2(_SUB, x, y, _negate)


def _negate(v):
    """neg v: what x-y leaves for a key only y has (code.kx.com/q/ref/subtract). Integer
    nulls stay null, since -min wraps to min."""
    def one(x):
        tx, a = data(x)
        if tx not in NUMERIC_OK and tx not in WORK:
            raise QError("type")
        t = I if tx in (B, X) else tx
        return wrap(t, np.negative(np.asarray(widen(tx, a, t))), isinstance(x, Atom))
    return pervade1(one, v)


def mul(x, y):
    """x*y  multiply (atomic).

    q)2h*3h
    6i
    """
    t = x.t
    if t == y.t:
        if t == LONG:
            a, b = x.v, y.v
            if a == NULLJ or b == NULLJ:
                return Atom(LONG, NULLJ)
            return Atom(LONG, a * b)
        if t == FLOAT:
            return Atom(FLOAT, x.v * y.v)
    return pervade2(_MUL, x, y)


# k(a) for fn(x, c), fn(c, x) and fn(x, x) on long atoms, as functions of x's value a (a
# NumPy int64) given c's value (non-null): the lambdas `{x+1}`, `{2*x}`, `{x*x}` stepped in
# a loop with no atom made per step (interp.long_kernel). Each is fn's long path above.
LONG_KERNELS = {
    add: (lambda c: lambda a: NULLJ if a == NULLJ else a + c,
          lambda c: lambda a: NULLJ if a == NULLJ else c + a,
          lambda c: lambda a: NULLJ if a == NULLJ else a + a),
    sub: (lambda c: lambda a: NULLJ if a == NULLJ else a - c,
          lambda c: lambda a: NULLJ if a == NULLJ else c - a,
          lambda c: lambda a: NULLJ if a == NULLJ else a - a),
    mul: (lambda c: lambda a: NULLJ if a == NULLJ else a * c,
          lambda c: lambda a: NULLJ if a == NULLJ else c * a,
          lambda c: lambda a: NULLJ if a == NULLJ else a * a),
}


def long_kernel(fn, left, right):
    """k(a): fn(x, y)'s value for long atoms, where the operand given as None is the long
    atom of value a and the other is the constant given (None too: fn(x, x)); None when
    fn has no kernel or the constant is not a long atom."""
    forms = LONG_KERNELS.get(fn)
    const = right if left is None else left
    if forms is None or (const is not None and (const.__class__ is not Atom or const.t != LONG)):
        return None
    if const is None:
        return forms[2](None)
    if const.v == NULLJ:
        return lambda a: NULLJ
    return forms[0 if left is None else 1](const.v)


def _to_float(x):
    t, a = data(x)
    if t not in NUMERIC_OK and t not in (P, M, D, N, U, V, T):
        raise QError("type")
    if t in (P, M, D, N, U, V, T):
        return widen(J if t in (P, N) else I, a, F)
    return widen(t, a, F)


def _div(x, y):
    atom = isinstance(x, Atom) and isinstance(y, Atom)
    return wrap(F, np.true_divide(_to_float(x), _to_float(y)), atom)


@simple2
def fdiv(x, y):
    """x%y  divide, always float.

    q)1%6
    0.1666667
    """
    return _div(x, y)


# ---------------------------------------------------------------- comparison

ORDERED = frozenset((B, X, H, I, J, E, F, C, P, M, D, Z, N, U, V, T))
TOL = 2.0 ** -43


def _cmp_arrays(x, y):
    """Common-type arrays for comparing x and y, plus the kind: "s" symbols, "f" floats,
    "j" integers (nulls are the lowest integers, so ordering puts them first)."""
    tx, ax = data(x)
    ty, ay = data(y)
    if tx == S or ty == S:
        if tx != ty:
            raise QError("type")
        return ax, ay, "s"
    if tx not in ORDERED or ty not in ORDERED:
        raise QError("type")
    if Z in (tx, ty):
        return _as_days(tx, ax), _as_days(ty, ay), "f"
    if tx != ty and tx in TIMES and ty in TIMES:
        return _as_ns(tx, ax), _as_ns(ty, ay), "j"
    if tx in FLOATING or ty in FLOATING:
        return _as_float(tx, ax), _as_float(ty, ay), "f"
    return _as_long(tx, ax), _as_long(ty, ay), "j"


TIMES = {P: 1, D: 86_400 * 10**9, N: 1, T: 10**6, V: 10**9, U: 60 * 10**9}


def _as_ns(t, a):
    """Point-in-time/time-of-day counts as nanoseconds, so 2024.05.01=2024.05.01D00:00 holds."""
    r = _as_long(t, a) * TIMES[t] if TIMES[t] != 1 else _as_long(t, a)
    return np.where(null_of(t, a), NULL_INT[J], r) if np.ndim(a) else (NULL_INT[J] if null_of(t, a) else r)


def _as_days(t, a):
    """Float days from 2000.01.01 of a datetime, a date or timestamp (or time of day),
    or a number: what a datetime (float days) compares with."""
    if t == Z:
        return a
    if t in TIMES:
        ns = _as_ns(t, a)
        days = np.asarray(ns, dtype=np.float64) / TIMES[D]
        return np.where(ns == NULL_INT[J], np.nan, days) if np.ndim(a) else \
            (np.nan if ns == NULL_INT[J] else float(days))
    if t == M:
        raise QError("type")
    return _as_float(t, a)


def _as_float(t, a):
    return widen(t, a, F) if t != C else (np.asarray(a, dtype=np.float64) if np.ndim(a) else np.float64(a))


def _as_long(t, a):
    if t in NULL_INT:
        return widen(t, a, J)
    return np.asarray(a).astype(np.int64) if np.ndim(a) else np.int64(a)


def _feq(a, b):
    both_nan = np.isnan(a) & np.isnan(b)
    with np.errstate(all="ignore"):
        close = np.abs(a - b) <= TOL * np.maximum(np.abs(a), np.abs(b))
    return both_nan | (a == b) | close


def _flt(a, b):
    """a<b for floats with nulls lowest and tolerance."""
    na, nb = np.isnan(a), np.isnan(b)
    return (na & ~nb) | (~na & ~nb & (a < b) & ~_feq(a, b))


def _compare(kind):
    def run(x, y):
        atom = isinstance(x, Atom) and isinstance(y, Atom)
        a, b, k = _cmp_arrays(x, y)
        if k == "f":
            eq = _feq(a, b)
            lt = _flt(a, b)
        elif k == "s":
            a, b = np.asarray(a, dtype=object), np.asarray(b, dtype=object)
            eq = a == b
            lt = a < b
        else:
            eq = a == b
            lt = a < b
        r = {"=": eq, "<>": ~np.asarray(eq), "<": lt, ">": ~np.asarray(lt) & ~np.asarray(eq),
             "<=": np.asarray(lt) | eq, ">=": ~np.asarray(lt)}[kind]
        return wrap(B, r, atom)
    return simple2(run)


eq = _compare("=")
ne = _compare("<>")
lt = _compare("<")
gt = _compare(">")
le = _compare("<=")
ge = _compare(">=")


def _minmax(op_np):
    def run(x, y):
        atom = isinstance(x, Atom) and isinstance(y, Atom)
        tx, ax = data(x)
        ty, ay = data(y)
        if tx == S or ty == S:
            if tx != ty:
                raise QError("type")
            a, b = np.asarray(ax, dtype=object), np.asarray(ay, dtype=object)
            r = np.where(op_np(a, b) == a, a, b) if op_np is np.minimum else np.where(a >= b, a, b)
            return wrap(S, r if not atom else r.item(), atom)
        if tx == C or ty == C:
            t = C
        elif tx in RANK and ty in RANK:
            t = tx if RANK[tx] >= RANK[ty] else ty
        elif tx == ty:
            t = tx
        else:
            raise QError("type")
        a = widen(tx, ax, t) if tx != C else ax
        b = widen(ty, ay, t) if ty != C else ay
        if t in FLOATING:
            r = op_np(a, b)      # nan propagates as in q: null is the lowest
            if op_np is np.maximum:
                r = np.fmax(a, b)
        else:
            r = op_np(a, b)
        return wrap(t, r, atom)
    return simple2(run)


lesser = _minmax(np.minimum)
greater = _minmax(np.maximum)
