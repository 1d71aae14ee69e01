"""`sv` (scalar from vector) and `vs` (vector from scalar), q-subset.md §6 Text:
join/split strings, symbols and file handles; base decode/encode; bytes and bits."""
import numpy as np

from ..errors import QError
from ..registry import KEYWORDS
from .text import is_text, qstr, text
from ..values import (B, C, E, F, H, I, J, S, X, INTEGRAL, DTYPES, Atom, List, Vec, from_items,
                     items, vec)

kw = KEYWORDS.qfunc


def _is_null_sym(x):
    return isinstance(x, Atom) and x.t == -S and x.v == ""


def _string_items(y):
    """Python strs of a list of strings (char atoms count as one-char strings)."""
    if is_text(y) and isinstance(y, Vec):
        return [chr(c) for c in y.a.tolist()]
    if isinstance(y, List) and all(is_text(i) for i in y.items):
        return [text(i) for i in y.items]
    raise QError("type")


# ---------------------------------------------------------------- sv

@kw("sv", rank=2)
def sv(x, y):
    """x sv y: join strings/symbols, or decode digits.

    q)", " sv ("x";"y")
    "x, y"
    """
    if is_text(x):
        return qstr(text(x).join(_string_items(y)))
    if _is_null_sym(x):
        if isinstance(y, Vec) and y.t == S:
            names = list(y.a)
            sep = "/" if names and names[0].startswith(":") else "."
            return Atom(-S, sep.join(names))
        if isinstance(y, List) and not y.items:
            return qstr("")
        return qstr("".join(s + "\n" for s in _string_items(y)))
    if isinstance(x, Atom) and x.t == -X and isinstance(y, Vec) and y.t == X:
        return _bytes_to_int(y)
    if isinstance(x, Atom) and x.t == -B and isinstance(y, Vec) and y.t == B:
        return _bits_to_int(y)
    return _decode(x, y)


def _bytes_to_int(y):
    t = {2: H, 4: I, 8: J}.get(len(y.a))
    if t is None:
        raise QError("length")
    return Atom(-t, np.frombuffer(y.a.tobytes(), dtype=">" + np.dtype(DTYPES[t]).str[1:])[0].astype(DTYPES[t]))


def _bits_to_int(y):
    n = len(y.a)
    if n == 8:
        return Atom(-X, np.packbits(y.a)[0])
    t = {16: H, 32: I, 64: J}.get(n)
    if t is None:
        raise QError("length")
    return _bytes_to_int(Vec(X, np.packbits(y.a)))


def _numbers(x):
    if isinstance(x, (Atom, Vec)) and abs(x.t) in (B, X, H, I, J, E, F):
        return [v.item() for v in (np.atleast_1d(x.a if isinstance(x, Vec) else x.v))]
    raise QError("type")


def _decode(x, y):
    """Base-x value of digits y (mixed radix when x is a vector; its first item unused)."""
    digits = _numbers(y)
    bases = _numbers(x)
    if isinstance(x, Vec) and len(bases) != len(digits):
        raise QError("length")
    floating = any(isinstance(v, float) for v in digits + bases)
    total = 0
    for k, d in enumerate(digits):
        b = bases[k] if isinstance(x, Vec) else bases[0]
        total = total * b + d
    if floating:
        return Atom(-F, np.float64(total))
    return Atom(-J, np.int64(((int(total) + 2**63) % 2**64) - 2**63))


# ---------------------------------------------------------------- vs

@kw("vs", rank=2)
def vs(x, y):
    """x vs y: split a string/symbol/handle, or encode in a base.

    q)"|" vs "a|b"
    ,"a"
    ,"b"
    """
    if is_text(x):
        sep = text(x)
        return from_items([qstr(s) for s in text(_as_string(y)).split(sep)]) if sep else _no_sep()
    if _is_null_sym(x):
        if isinstance(y, Atom) and y.t == -S:
            return _split_sym(y.v)
        lines = text(_as_string(y)).split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        return List([qstr(s[:-1] if s.endswith("\r") else s) for s in lines])
    if isinstance(x, Atom) and x.t == -X:
        return _to_bytes(y)
    if isinstance(x, Atom) and x.t == -B:
        b = _to_bytes(y)
        return Vec(B, np.unpackbits(b.a).astype(bool))
    return _encode(x, y)


def _no_sep():
    raise QError("length")


def _as_string(y):
    if isinstance(y, Vec) and y.t == X:
        return Vec(C, y.a)
    if is_text(y):
        return y
    raise QError("type")


def _split_sym(s):
    if s.startswith(":"):
        k = s.rfind("/")
        return vec(S, [s[:k], s[k + 1:]] if k >= 0 else ["", s])
    return vec(S, s.split("."))


def _to_bytes(y):
    """Big-endian bytes of the internal representation of a numeric atom."""
    if not isinstance(y, Atom) or -y.t not in (B, X, H, I, J, E, F):
        raise QError("type")
    dt = np.dtype(DTYPES[-y.t]).newbyteorder(">")
    return Vec(X, np.frombuffer(np.array([y.v], dtype=dt).tobytes(), dtype=np.uint8).copy())


def _digits(n, base, width=None):
    out = []
    while n > 0 if width is None else len(out) < width:
        b = base if isinstance(base, int) else base[-1 - len(out)]
        n, d = (divmod(n, b) if b else (0, n))
        out.append(d)
    return out[::-1] or [0]


def _flat_ints(y):
    """The integer atoms of a nested list, in order, as one vector."""
    if isinstance(y, List):
        parts = [_flat_ints(i) for i in y.items]
        if not parts:
            return Vec(J, np.empty(0, dtype=np.int64))
        ts = {p.t for p in parts}
        t = ts.pop() if len(ts) == 1 else J
        return Vec(t, np.concatenate([p.a for p in parts]).astype(DTYPES[t]))
    if isinstance(y, (Atom, Vec)) and abs(y.t) in INTEGRAL:
        return Vec(abs(y.t), np.atleast_1d(y.a if isinstance(y, Vec) else y.v))
    raise QError("type")


def _shaped(y, digits):
    """Digits taken in order into the structure of y."""
    if isinstance(y, List):
        return from_items([_shaped(i, digits) for i in y.items])
    if isinstance(y, Vec):
        return from_items([next(digits) for _ in range(len(y.a))]) if len(y.a) else y
    return next(digits)


def _encode(x, y):
    """Digits of integer y in base x (mixed radix when x is a vector); a general list y
    gives digit rows shaped as y (code.kx.com/q/ref/vs)."""
    if isinstance(y, List):
        rows = _encode(x, _flat_ints(y))
        return from_items([_shaped(y, iter(items(r))) for r in items(rows)])
    if not (isinstance(x, (Atom, Vec)) and abs(x.t) in INTEGRAL):
        raise QError("type")
    if not (isinstance(y, (Atom, Vec)) and abs(y.t) in INTEGRAL):
        raise QError("type")
    t = abs(y.t)
    vals = [int(v) for v in np.atleast_1d(y.a if isinstance(y, Vec) else y.v)]
    if isinstance(x, Vec):
        bases = [int(b) for b in x.a]
        rows = [_digits(v, bases, len(bases)) for v in vals]
    else:
        b = int(x.v)
        if b < 2 and b != 0:
            raise QError("domain")
        rows = [_digits(v, b) for v in vals]
        width = max(len(r) for r in rows) if rows else 0
        rows = [[0] * (width - len(r)) + r for r in rows]
    if isinstance(y, Atom):
        return Vec(t, np.array(rows[0], dtype=DTYPES[t]))
    cols = np.array(rows, dtype=DTYPES[t]).T if rows else np.zeros((0, 0), DTYPES[t])
    return from_items([Vec(t, c) for c in cols])
