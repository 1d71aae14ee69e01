"""Result types of + - * with a temporal or char side, and the unit changes they need:
KX's "Range and domains" tables of Add, Subtract and Multiply (code.kx.com/q/ref/add,
ref/subtract, ref/multiply). The datetime (z) cells are atomic.py's _datetime_arith (z
counts float days, not integer units); the real (e) cells are left out, since the
reference does not give their rounding."""
import numpy as np

from ..values import B, X, H, I, J, E, F, C, P, M, D, N, U, V, T, NULL_INT

INTS = (B, X, H, I, J)
TIMES = (P, M, D, N, U, V, T)
CLOCKS = (N, U, V, T)


def _symmetric(pairs):
    table = {}
    for (a, b), r in pairs.items():
        table[(a, b)] = table[(b, a)] = r
    return table


def _add_table():
    cells = {}
    for t in TIMES:
        for i in INTS + (C,):
            cells[(t, i)] = t                    # a count in t's own unit
        if t != D:
            cells[(t, F)] = F                    # date+float is a datetime: atomic.py
    cells[(C, F)] = F
    for t in (M, D):
        for c in CLOCKS:
            cells[(t, c)] = P                    # date + time of day is a timestamp
    for c in CLOCKS:
        cells[(P, c)] = P
        cells[(N, c)] = N
    for a, b, r in ((U, U, U), (U, V, V), (U, T, T), (V, V, V), (V, T, T), (T, T, T)):
        cells[(a, b)] = r
    return _symmetric(cells)


ADD = _add_table()
SUB = dict(ADD)
SUB.update({(D, D): I, (M, M): I, (P, P): N})
SUB.update({(i, C): (I if i != J else J) for i in INTS})   # number - char: the char's code
MUL = {}
for _t in TIMES:
    for _i in INTS:
        MUL[(_t, _i)] = MUL[(_i, _t)] = _t
    MUL[(_t, F)] = MUL[(F, _t)] = F

# nanoseconds in one unit of each type (a month has no fixed length: see _month_ns)
NS = {P: 1, N: 1, D: 86_400 * 10**9, T: 10**6, V: 10**9, U: 60 * 10**9}
WORK = {D: I, T: I, V: I, U: I, M: I, P: J, N: J}


def needs_units(tx, ty, t):
    """True when x and y are in different time units from the result t (d+t, u+v...)."""
    return t in NS and tx in TIMES and ty in TIMES and not (tx == ty == t)


def to_unit(tx, a, t):
    """Counts a of temporal type tx in t's unit, in t's working dtype, nulls kept."""
    work = WORK[t]
    arr = np.asarray(a, dtype=np.int64)
    null = arr == NULL_INT[tx]
    ns = _month_ns(arr) if tx == M else arr * NS[tx]
    r = np.where(null, NULL_INT[work], ns // NS[t]).astype(np.dtype(_dtype(work)))
    return r if np.ndim(a) else r[()]


def _month_ns(months):
    """Nanoseconds from 2000.01.01 to the first day of each month count."""
    days = (np.datetime64("2000-01", "M") + months).astype("datetime64[D]")
    return (days - np.datetime64("2000-01-01", "D")).astype(np.int64) * NS[D]


def _dtype(work):
    return np.int32 if work == I else np.int64
