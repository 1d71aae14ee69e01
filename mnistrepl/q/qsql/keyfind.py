"""Vectorised row matching for joins and keyed tables: columns factorised into integer
codes over both sides at once, rows found by sort and binary search (no Python loop for
simple columns). Nulls match nulls, as in q's find.

    codes([1 5 9], [5 7])      -> ([0 1 3], [1 2])   equal values, equal codes
    find_rows([a b], [b c])    -> [1 2]              2 = not found (the key count)
"""
import numpy as np

from ..errors import QError
from ..values import FLOATING, NUMERIC, Vec, count, items, key_of

_SPAN = 2 ** 62     # combined codes must stay inside int64


def col_codes(a, b):
    """Codes of two columns (q lists) over one shared factorisation: equal items get
    equal codes, and codes keep q's order for simple columns of one type."""
    if isinstance(a, Vec) and isinstance(b, Vec) and (a.t == b.t or _both_numeric(a, b)):
        both = np.concatenate((a.a, b.a))
        if a.t in FLOATING or b.t in FLOATING:
            both = both.astype(np.float64)
        _, inv = np.unique(both, return_inverse=True)
        inv = inv.reshape(-1).astype(np.int64)
        return inv[:len(a.a)], inv[len(a.a):]
    return _hash_codes(a, b)


def _both_numeric(a, b):
    return a.t in NUMERIC and b.t in NUMERIC


def _hash_codes(a, b):
    """Codes of general lists, by exact item identity (q's match)."""
    pos, out = {}, []
    for side in (a, b):
        out.append(np.array([pos.setdefault(key_of(v), len(pos)) for v in items(side)],
                            dtype=np.int64))
    return out[0], out[1]


def row_codes(acols, bcols):
    """One code per row over several columns: rows equal on every column share a code."""
    if len(acols) != len(bcols):
        raise QError("length")
    na, nb = count(acols[0]), count(bcols[0])
    ca, cb = np.zeros(na, np.int64), np.zeros(nb, np.int64)
    for a, b in zip(acols, bcols):
        xa, xb = col_codes(a, b)
        width = int(max(xa.max(initial=-1), xb.max(initial=-1))) + 1
        top = int(max(ca.max(initial=0), cb.max(initial=0))) + 1
        if top * max(width, 1) >= _SPAN:         # re-factorise the combined codes
            _, inv = np.unique(np.concatenate((ca, cb)), return_inverse=True)
            inv = inv.reshape(-1)
            ca, cb = inv[:na].astype(np.int64), inv[na:].astype(np.int64)
        ca, cb = ca * width + xa, cb * width + xb
    return ca, cb


def first_index(keys, probe):
    """For each code in probe, the first position of that code in keys; len(keys) when
    absent. Example: first_index([3 1 3], [3 2]) -> [0 3]."""
    n = len(keys)
    order = np.argsort(keys, kind="stable")
    sk = keys[order]
    at = np.searchsorted(sk, probe, side="left")
    at_c = np.minimum(at, max(n - 1, 0))
    hit = (at < n) & (sk[at_c] == probe) if n else np.zeros(len(probe), bool)
    return np.where(hit, order[at_c] if n else 0, n).astype(np.int64)


def find_rows(keycols, probecols):
    """Row of keycols matching each row of probecols (first match), or the key count."""
    if not keycols:
        raise QError("length")
    if len(keycols) == 1 and _direct(keycols[0], probecols[0]):
        return first_index(keycols[0].a, probecols[0].a)    # one sort, no factorising
    ck, cp = row_codes(keycols, probecols)
    return first_index(ck, cp)



def _direct(a, b):
    """Whether two columns can be searched by value: simple, one type, no NaN."""
    return isinstance(a, Vec) and isinstance(b, Vec) and a.t == b.t and a.t not in FLOATING
