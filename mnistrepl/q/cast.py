"""`$`: cast, tok and pad (q-subset.md §4.5-4.7)."""
import numpy as np

from .atomic import pervade1, data, widen
from .errors import QError
from .values import (B, C, E, F, H, I, J, S, X, P, M, D, N, U, V, T, INTEGRAL, FLOATING,
                     NULL_INT, INF_INT, DTYPES, LETTERS, TYPE_NAMES, Atom, Dict, List, Table,
                     Vec, atom, from_items, items, string, to_py_str, vec)

NAME_TYPES = {v: k for k, v in TYPE_NAMES.items()}


def target_type(x):
    """The type number a cast left argument names, negative for tok (upper case)."""
    if isinstance(x, Atom):
        if x.t == -C:
            ch = chr(int(x.v))
            if ch == "*":
                return 0
            if ch.lower() in LETTERS and ch != " ":
                t = LETTERS.index(ch.lower())
                return -t if ch.isupper() else t
            raise QError("type")
        if x.t == -S:
            if x.v in NAME_TYPES:
                return NAME_TYPES[x.v]
            raise QError("type")
        if x.t in (-H,):
            return int(x.v)
    raise QError("type")


def dollar(interp, x, y):
    if isinstance(x, Atom) and x.t in (-J, -I) :
        return _pad(int(x.v), y)
    if isinstance(x, Vec) and x.t == C:
        return from_items([dollar(interp, Atom(-C, c), yi) for c, yi in zip(x.a, items(y))])
    t = target_type(x)
    if t == 0:
        return y
    if t < 0:
        return _tok(-t, y)
    return cast(t, y)


def cast(t, y):
    if t == S:
        if isinstance(y, Vec) and y.t == C:
            return atom(S, to_py_str(y).strip())
        if isinstance(y, List):
            return from_items([cast(t, i) for i in y.items])
    if isinstance(y, (Dict, Table, List)):
        return pervade1(lambda v: cast(t, v), y) if not isinstance(y, List) else from_items([cast(t, i) for i in y.items])
    return pervade1(lambda v: _cast1(t, v), y)


def _cast1(t, v):
    src, a = data(v)
    is_atom = isinstance(v, Atom)
    if src == t:
        return v
    if t == S or src == S:
        if t == S and src == C:
            return atom(S, bytes([int(a)]).decode("latin-1")) if is_atom else vec(S, [bytes([int(c)]).decode("latin-1") for c in a])
        raise QError("type")
    if t in FLOATING:
        r = widen(src, a, t) if src not in (C,) else np.asarray(a, dtype=DTYPES[t])
    elif t == B:
        r = np.asarray(a) != 0
    elif t == X or t == C:
        r = np.asarray(a).astype(np.int64) & 255 if src not in FLOATING else np.round(np.asarray(a)).astype(np.int64) & 255
    elif src in FLOATING:
        f = np.asarray(a, dtype=np.float64)
        rounded = np.where(f >= 0, np.floor(f + 0.5), np.ceil(f - 0.5))
        nulls = np.isnan(f)
        big = INF_INT.get(t, INF_INT[J])
        r = np.where(nulls, NULL_INT[t], np.where(np.isinf(f), np.sign(f) * big, rounded)).astype(np.int64)
    else:
        r = widen(src, a, t) if src in NULL_INT else np.asarray(a).astype(np.int64)
    dt = DTYPES[t]
    if is_atom:
        return Atom(-t, dt(np.asarray(r).astype(dt)))
    return Vec(t, np.asarray(r).astype(dt))


def _tok(t, y):
    if isinstance(y, List):
        return from_items([_tok(t, i) for i in y.items])
    if isinstance(y, Atom) and y.t == -C:
        y = string(chr(int(y.v)))
    if not (isinstance(y, Vec) and y.t == C):
        raise QError("type")
    s = to_py_str(y).strip()
    if t == S:
        return atom(S, s)
    if t == C:
        return y
    from .lexer import literal
    from . import temporal
    try:
        if t == B:
            return atom(B, s[:1] in ("1", "t", "T", "y", "Y"))
        if t in (P, M, D, N, U, V, T):
            p = temporal.parse(s)
            return Atom(-t, DTYPES[t](p[1])) if p and p[0] == t else _null(t)
        val = float(s) if t in FLOATING else int(s)
        if t in INTEGRAL and t in NULL_INT and not -INF_INT[t] <= val <= INF_INT[t]:
            return _null(t)
        return Atom(-t, DTYPES[t](val))
    except (ValueError, OverflowError):
        return _null(t)


def _null(t):
    from .values import null_atom
    return null_atom(t)


def _pad(n, y):
    if isinstance(y, Vec) and y.t == C:
        s = y.a
        w = abs(n)
        if len(s) >= w:
            return Vec(C, s[:w].copy() if n >= 0 else s[len(s) - w:].copy())
        fill = np.full(w - len(s), 32, dtype=np.uint8)
        return Vec(C, np.concatenate((s, fill) if n >= 0 else (fill, s)))
    if isinstance(y, Atom) and y.t == -C:
        return _pad(n, Vec(C, np.array([y.v], dtype=np.uint8)))
    if isinstance(y, List):
        return List([_pad(n, i) for i in y.items])
    if isinstance(y, Dict):
        return Dict(y.k, _pad(n, y.v))
    if isinstance(y, Table):
        return Table(y.names, [_pad(n, c) for c in y.cols])
    raise QError("type")
