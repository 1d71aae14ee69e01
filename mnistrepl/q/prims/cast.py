"""`$`: cast, tok and pad (q-subset.md §4.5-4.7).

    q)"i"$2.5 3.5  / cast (halves away from zero)
    3 4i
    q)"J"$"42"  / tok (parse a string)
    42
    q)5$"ab"  / "   pad
    "ab   "
"""
import re

import numpy as np

from .atomic import data, pervade1, widen
from ..errors import QError
from ..values import (B, C, H, I, J, S, X, P, M, D, N, U, V, T, Z, FLOATING, NULL_INT, INF_INT,
                      DTYPES, LETTERS, TYPE_NAMES, TEMPORAL, Atom, List, Vec, atom,
                      from_items, items, null_atom, to_py_str)
from .. import temporal

NAME_TYPES = {v: k for k, v in TYPE_NAMES.items()}
NAME_TYPES[""] = S                       # `$"abc": the null symbol names symbol
KNOWN = frozenset(DTYPES)


def target_type(x):
    """The type number a cast left argument names; negative for tok (upper case)."""
    if isinstance(x, Atom):
        if x.t == -C:
            ch = chr(int(x.v))
            if ch == "*":
                return 0
            low = ch.lower()
            if low != " " and low in LETTERS:
                t = LETTERS.index(low)
                return -t if ch.isupper() else t
            raise QError("type")
        if x.t == -S:
            if x.v in NAME_TYPES:
                return NAME_TYPES[x.v]
            raise QError("type")
        if x.t == -H:
            return int(x.v)
    raise QError("type")


def dollar(interp, x, y):
    """x$y  pad (long x), item-wise cast (char vector x), cast or tok."""
    if isinstance(x, Atom) and x.t in (-J, -I):
        return _pad(int(x.v), y)
    if _type_list(x):
        return _each_type(interp, items(x), y)
    t = target_type(x)
    if t == 0:
        return y
    if t < 0:
        return _tok(-t, y)
    if t not in KNOWN:
        raise QError("nyi" if t == 2 else "type")
    return cast(t, y)


def _type_list(x):
    """A list of type names: ``"ij"`` or `` `int`long `` or ``(`int;"i";6h)``."""
    if isinstance(x, Vec):
        return x.t in (C, S, H)
    return isinstance(x, List) and all(isinstance(i, Atom) and i.t in (-C, -S, -H) for i in x.items)


def _each_type(interp, ts, y):
    """Each type casts its item of y, or all of them an atom y: (`int;"i";6h)$10 is 10 10 10i."""
    if isinstance(y, (Vec, List)):
        ys = items(y)
        if len(ys) != len(ts):
            raise QError("length")
    else:
        ys = [y] * len(ts)
    return from_items([dollar(interp, t, yi) for t, yi in zip(ts, ys)])


def cast(t, y):
    """t$y for a type number t > 0: atomic in y, through lists, dictionaries and tables."""
    def join(results):                           # `long$() is an empty long vector
        return from_items(results) if results else Vec(t, np.empty(0, dtype=DTYPES[t]))
    return pervade1(lambda v: _to_sym(v) if t == S else _cast1(t, v), y, join=join)


def _to_sym(y):
    """`$ of a string trims leading and trailing blanks (code.kx.com/q/ref/cast)."""
    if abs(y.t) == C:
        return atom(S, to_py_str(y).strip(" "))
    if abs(y.t) == S:
        return y
    raise QError("type")


def _cast1(t, v):
    src, a = data(v)
    if src == t:
        return v
    if src == S or t not in KNOWN:
        raise QError("type")
    arr = np.atleast_1d(np.asarray(a))
    if Z in (src, t):
        r = _datetime(src, t, arr)
    elif src in TEMPORAL or t in TEMPORAL:
        r = _temporal(src, t, arr)
    elif t in FLOATING:
        r = widen(src, arr, t) if src != C else arr.astype(DTYPES[t])
    elif t == B:
        r = arr != 0
    elif src in FLOATING:
        r = _round(arr, t)
    elif t in (X, C):
        r = arr.astype(np.int64) & 255
    else:
        r = widen(src, arr, t) if src in NULL_INT else arr.astype(np.int64)
    r = np.asarray(r).astype(DTYPES[t])
    return Atom(-t, r[0]) if isinstance(v, Atom) else Vec(t, r)


def _round(f, t):
    """Float to integral type t: nearest, halves away from zero; null and infinities kept;
    a finite value beyond the type's range is its null (x86's out-of-range conversion result,
    q's null bit pattern), never a wrapped number."""
    f = f.astype(np.float64)
    r = np.where(f >= 0, np.floor(f + 0.5), np.ceil(f - 0.5))
    if t not in NULL_INT:                      # boolean/byte/char: low bits
        return np.where(np.isfinite(r), r, 0).astype(np.int64) & 255
    big = INF_INT[t]
    finite = np.where(np.isfinite(r), r, 0)
    inside = np.isfinite(r) & (np.abs(finite) <= big)
    out = np.where(inside, finite, 0).astype(np.int64)
    out = np.where(inside, out, NULL_INT[t])   # NaN and out of range alike
    return np.where(np.isposinf(f), big, np.where(np.isneginf(f), -big, out))


# ---------------------------------------------------------------- temporal casts

NS = {N: 1, T: 10**6, V: 10**9, U: 60 * 10**9, P: 1, D: 86_400 * 10**9}
NS_DAY = 86_400 * 10**9
OF_DAY = frozenset((T, V, U))


def _temporal(src, t, a):
    """Counts of temporal (or numeric) type src as counts of type t, nulls kept."""
    nulls = _nulls(src, a)
    if src not in TEMPORAL:                    # number -> temporal: the count itself
        r = _round(a, t) if src in FLOATING else a.astype(np.int64)
    elif t not in TEMPORAL:                    # temporal -> number: the count itself
        return widen(src, a, t) if t in NULL_INT or t in FLOATING else a.astype(np.int64)
    else:
        r = _convert(src, t, a.astype(np.int64))
    if t in NULL_INT:
        r = np.where(nulls, NULL_INT[t], r)
    return r


def _datetime(src, t, a):
    """Casts to and from datetime (float days from 2000.01.01): through nanoseconds to and
    from the other temporals, the day count itself to and from numbers; nulls kept."""
    if src == C or t == C:
        raise QError("type")
    if src == Z:
        nulls = np.isnan(a)
        if t in TEMPORAL:
            ms = np.round(np.where(nulls, 0, a) * (NS_DAY // 10**6))   # datetime's precision
            ns = ms.astype(np.int64) * 10**6
            return np.where(nulls, NULL_INT.get(t, 0), _convert(P, t, ns))
        return a.astype(DTYPES[t]) if t in FLOATING else _round(a, t)
    nulls = _nulls(src, a)
    if src in TEMPORAL:
        days = _convert(src, P, a.astype(np.int64)) / NS_DAY
    else:
        days = a.astype(np.float64)
    return np.where(nulls, np.nan, days)


def _nulls(src, a):
    if src in FLOATING:
        return np.isnan(a)
    if src in NULL_INT:
        return a == NULL_INT[src]
    return np.zeros(a.shape, dtype=bool)


def _convert(src, t, a):
    if src == M:
        a, src = _month_days(a), D
    if t == M:
        days = a if src == D else _floordiv(a * NS[src], NS_DAY) if src == P else a * 0
        return _days_month(days)
    ns = a * NS[src]
    if t in OF_DAY and src in (P, D):
        ns = np.mod(ns, NS_DAY)
    return _floordiv(ns, NS[t])


def _floordiv(a, b):
    return a // b if b != 1 else a


def _month_days(m):
    """Months since 2000.01 -> days since 2000.01.01 of the month's first day."""
    d = (np.datetime64("2000-01", "M") + m.astype("timedelta64[M]")).astype("datetime64[D]")
    return (d - np.datetime64("2000-01-01", "D")).astype(np.int64)


def _days_month(days):
    d = np.datetime64("2000-01-01", "D") + days.astype("timedelta64[D]")
    return (d.astype("datetime64[M]") - np.datetime64("2000-01", "M")).astype(np.int64)


# ---------------------------------------------------------------- tok

INT_RX = re.compile(r"-?\d+$")
FLOAT_RX = re.compile(r"-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")
FLOAT_WORDS = {"0n": np.nan, "0N": np.nan, "0w": np.inf, "-0w": -np.inf, "0W": np.inf,
               "-0W": -np.inf}


def _tok(t, y):
    """"J"$"42" parses strings, through lists, dictionaries and tables to the strings."""
    return pervade1(lambda s: _tok1(t, s), y)


def _tok1(t, y):
    if isinstance(y, Atom) and y.t == -C:
        y = Vec(C, np.array([y.v], dtype=np.uint8))
    if not (isinstance(y, Vec) and y.t == C):
        raise QError("type")
    s = to_py_str(y).strip()
    if t == S:
        return atom(S, to_py_str(y))
    if t == C:
        return y
    if t not in KNOWN:
        raise QError("nyi" if t == 2 else "type")
    return _parse(t, s)


def _parse(t, s):
    if t == B:
        return atom(B, s[:1] in ("1", "t", "T", "y", "Y"))
    if t == X:
        return atom(X, int(s[-2:], 16)) if re.fullmatch(r"(0x)?[0-9a-fA-F]{1,2}", s) else atom(X, 0)
    if t in TEMPORAL or t == Z:
        return _parse_temporal(t, s)
    if t in FLOATING:
        if s in FLOAT_WORDS:
            return Atom(-t, DTYPES[t](FLOAT_WORDS[s]))
        return Atom(-t, DTYPES[t](float(s))) if FLOAT_RX.match(s) else null_atom(t)
    if s in ("0W", "-0W"):
        return Atom(-t, DTYPES[t](INF_INT[t] * (-1 if s[0] == "-" else 1)))
    if not INT_RX.match(s):
        return null_atom(t)
    n = int(s)
    if not -INF_INT[t] <= n <= INF_INT[t]:
        return null_atom(t)
    return Atom(-t, DTYPES[t](n))


def _parse_temporal(t, s):
    p = temporal.parse(s)
    if not p:
        return null_atom(t)
    src, n = p
    if src == t:
        return Atom(-t, DTYPES[t](n))
    if src == D and t in (P, Z) or src in OF_DAY | {N} and t in OF_DAY | {N} \
            or Z in (src, t) and P in (src, t):
        return _cast1(t, Atom(-src, DTYPES[src](n)))
    return null_atom(t)


# ---------------------------------------------------------------- pad

def _pad(n, y):
    """n$"string": pad with blanks (right for n>0, left for n<0) or truncate, through
    lists, dictionaries and tables to the strings."""
    return pervade1(lambda s: _pad1(n, s), y, join=List)


def _pad1(n, y):
    if isinstance(y, Vec) and y.t == C:
        s, w = y.a, abs(n)
        if len(s) >= w:
            return Vec(C, s[:w].copy() if n >= 0 else s[len(s) - w:].copy())
        if w > 2**30:          # absurd widths: refuse rather than exhaust memory
            raise QError("limit")
        fill = np.full(w - len(s), 32, dtype=np.uint8)
        return Vec(C, np.concatenate((s, fill) if n >= 0 else (fill, s)))
    if isinstance(y, Atom) and y.t == -C:
        return _pad1(n, Vec(C, np.array([y.v], dtype=np.uint8)))
    raise QError("type")
