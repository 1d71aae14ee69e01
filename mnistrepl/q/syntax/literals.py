"""Numeric and temporal literals (q-subset.md §2.3, §4.1): text -> atom or vector.

One literal item is matched by ITEM_RX; blank-separated items are gathered by the lexer and
combined here by q's vector rules: a suffix on the last item types every item, otherwise the
vector is float when any item is floatish (`.`, exponent, `0n`, `0w`) and long if not.
"""
import re

import numpy as np

from .. import temporal
from ..errors import QError
from ..values import (B, X, H, I, J, E, F, C, S, P, M, D, N, U, V, T, Z, NULL_INT, INF_INT,
                     DTYPES, TEMPORAL, Atom, Vec)

SUFFIX_TYPE = {"h": H, "i": I, "j": J, "e": E, "f": F, "b": B,
               "p": P, "m": M, "d": D, "z": Z, "n": N, "u": U, "v": V, "t": T}

_END = r"(?![A-Za-z0-9.])"          # a literal may not run on into a name or number
ITEM_RX = re.compile(
    r"0x[0-9a-fA-F]*"                                    # bytes
    r"|[01]+b" + _END +                                  # booleans
    r"|\d{4}\.\d{2}\.\d{2}D[\d:.]*"                      # timestamp
    r"|\d{4}\.\d{2}\.\d{2}T[\d:.]*"                      # datetime
    r"|\d{4}\.\d{2}\.\d{2}(?![\d.])"                     # date
    r"|\d{4}\.\d{2}m"                                    # month
    r"|\d+D[\d:.]*"                                      # timespan
    r"|\d{2}:\d{2}(?::\d{2}(?:\.\d*)?)?(?![\d:])"        # minute, second, time
    r"|0[NW][hijefpmdznuvt]?" + _END +                   # typed nulls and infinities
    r"|0[nw][efz]?" + _END +                             # float/real/datetime null, infinity
    r"|(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?[hijfe]?" + _END)  # plain numbers
_PLAIN_RX = re.compile(r"((?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)([hijfe]?)")


class Item:
    """One literal: t is its explicit type (None for a plain number without suffix);
    kind is 'num', 'null' ('N'/'W' marker in v), 'temporal' (count in v), 'bits', 'bytes'."""
    __slots__ = ("t", "kind", "v", "floatish", "text", "neg")

    def __init__(self, t, kind, v, floatish, text, neg):
        self.t, self.kind, self.v, self.floatish, self.text, self.neg = t, kind, v, floatish, text, neg


def classify(neg, text):
    """Item for one literal text (without its leading minus)."""
    if text.startswith("0x"):
        return Item(X, "bytes", text[2:], False, text, neg)
    if text.endswith("b") and set(text[:-1]) <= {"0", "1"}:
        return Item(B, "bits", text[:-1], False, text, neg)
    if len(text) >= 2 and text[0] == "0" and text[1] in "NWnw":
        t = SUFFIX_TYPE.get(text[2:3]) or (F if text[1] in "nw" else None)   # 0we is real
        return Item(t, "null", text[1].upper(), text[1] in "nw", text, neg)
    if text[0:1].isdigit() and any(ch in text for ch in ":DmT") or re.fullmatch(r"\d{4}\.\d{2}\.\d{2}", text):
        return _temporal_item(neg, text)
    m = _PLAIN_RX.fullmatch(text)
    if not m:
        raise QError(text)
    body, suffix = m.groups()
    floatish = "." in body or "e" in body
    if floatish or suffix in ("e", "f"):
        val = float(body)
    else:
        val = int(body)
    return Item(SUFFIX_TYPE.get(suffix), "num", -val if neg else val, floatish, text, neg)


def _temporal_item(neg, text):
    tp = temporal.parse(text)
    if tp is None:
        t = _temporal_type_of(text)
        if t is None:
            raise QError(text)
        return Item(t, "null", "N", False, text, neg)     # e.g. 2024.02.30: a null date
    t, n = tp
    return Item(t, "temporal", -n if neg else n, False, text, neg)


def _temporal_type_of(text):
    """Type of a malformed but recognisable temporal literal (value is null)."""
    if "D" in text:
        return P if re.match(r"\d{4}\.", text) else N
    if "T" in text:
        return Z
    if text.endswith("m"):
        return M
    if ":" in text:
        return (U, V, T)[min(text.count(":"), 3) - 1] if "." not in text else T
    return D


def literal(lits):
    """Value of blank-separated literals [(negative, text)] (q's vector literal rules)."""
    its = [classify(neg, text) for neg, text in lits]
    if len(its) == 1 and its[0].kind == "bytes":
        return _bytes(its[0].v)
    if its[-1].kind == "bits" and all(i.kind == "bits" or _is_01(i) for i in its):
        bits = "".join(i.v if i.kind == "bits" else str(i.v) for i in its)
        if len(bits) == 1 and len(its) == 1:
            return Atom(-B, np.bool_(bits == "1"))
        return Vec(B, np.array([b == "1" for b in bits], dtype=np.bool_))
    if any(i.kind in ("bits", "bytes") for i in its):
        raise QError(its[0].text if its[0].kind in ("bits", "bytes") else its[-1].text)
    t = vector_type(its)
    vals = [value(t, i) for i in its]
    if len(vals) == 1:
        return Atom(-t, vals[0])
    return Vec(t, np.array(vals, dtype=DTYPES[t]))


def _is_01(item):
    return item.kind == "num" and item.t is None and not item.floatish and item.v in (0, 1) \
        and not item.neg


def _bytes(digits):
    """`0x2a` atom, `0x00ff10` vector, `0x0` the atom 0x00, `0x` the empty byte vector."""
    if not digits:
        return Vec(X, np.empty(0, dtype=np.uint8))
    if len(digits) <= 2:
        return Atom(-X, np.uint8(int(digits, 16)))
    if len(digits) % 2:
        digits = "0" + digits
    return Vec(X, np.frombuffer(bytes.fromhex(digits), dtype=np.uint8).copy())


def vector_type(its):
    """The type of a literal vector: the last item's suffix, else float or long."""
    if its[-1].t is not None:
        return its[-1].t
    typed = [i.t for i in its if i.t is not None and i.t != F]
    if any(i.floatish for i in its):
        return F
    return typed[-1] if typed else J


def value(t, it):
    """NumPy scalar of type t for one literal item."""
    if it.kind == "null":
        return _special(t, it.v, it.neg)
    if it.kind == "temporal" and Z in (t, it.t):     # datetimes only among datetimes
        if t != it.t:
            raise QError(it.text)
        return np.float64(it.v)
    if it.kind == "temporal":
        if t == it.t or t not in TEMPORAL:
            return _fit(t, it.v) if t in TEMPORAL else _number(t, it.v)
        return _fit(t, _retype(t, it))
    if t == M and it.kind == "num":                # 2024.01 2024.02m: items read as months
        tp = temporal.parse(it.text + "m")
        if tp is not None:
            return _fit(t, -tp[1] if it.neg else tp[1])
    return _number(t, it.v)


def _fit(t, n):
    """n as type t's NumPy scalar; past the type's range it is the type's null (a temporal
    too large to count, as an integer literal too large is: no wrapped number)."""
    try:
        return DTYPES[t](n)
    except OverflowError:
        return _special(t, "N", False)


def _retype(t, it):
    """A temporal item inside a vector of another temporal type."""
    tp = temporal.parse(it.text)
    if tp is None or M in (tp[0], t):      # months and other temporals do not convert
        raise QError(it.text)
    return temporal.convert(tp[0], t, -tp[1] if it.neg else tp[1])


def _special(t, kind, neg):
    dt = DTYPES[t]
    if t in (E, F, Z):
        return dt(np.nan) if kind == "N" else dt(-np.inf if neg else np.inf)
    if t in NULL_INT:
        return dt(NULL_INT[t]) if kind == "N" else dt(-INF_INT[t] if neg else INF_INT[t])
    raise QError("0" + kind)


def _number(t, v):
    dt = DTYPES[t]
    if t in (E, F):
        return dt(v)
    if t == B:
        return dt(v != 0)
    if t in (C, S):
        raise QError("type")
    v = int(v)
    if t == X:
        return dt(v % 256)
    if not -INF_INT[t] <= v <= INF_INT[t]:         # too large: the type's null, as Tok does
        return dt(NULL_INT[t])
    return dt(v)
