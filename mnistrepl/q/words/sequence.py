"""Keywords that compare or move items against their neighbours
(code.kx.com/q/ref/deltas, ratios, differ, next/xprev, rotate): deltas and ratios with an
optional seed (they are -': and %': in q), differ, xprev, rotate."""
import numpy as np

from ..prims.atomic import sub, fdiv, data
from ..errors import QError
from ..registry import KEYWORDS
from ..values import (B, F, INTEGRAL, NULL_INT, Atom, Vec, List, Dict, Table, count, from_items,
                      items, key_of, take_items, null_atom)
from .aggregates import uniform, deltas as _deltas1

kw = KEYWORDS.qfunc


def _prior(op, first):
    """op each-prior with seed: op[y0;seed], op[y1;y0], ... (vectorised for vectors)."""
    def on_vec(seed, v):
        if isinstance(seed, Atom) and seed.t == -v.t:
            prev = Vec(v.t, np.concatenate(([seed.v], v.a[:-1])).astype(v.a.dtype))
            return op(v, prev)
        return on_list(seed, items(v))

    def on_list(seed, its):
        prev = [seed] + list(its[:-1])
        return from_items([op(a, b) for a, b in zip(its, prev)])

    def run(*args):
        if len(args) == 1:
            return first(args[0])
        if len(args) != 2:
            raise QError("rank")
        seed, y = args
        if count(y) == 0 and isinstance(y, (Vec, List)):
            return y
        return uniform(y, lambda v: on_vec(seed, v), lambda its: on_list(seed, its))
    return run


def _ratios1(x):
    return _prior(fdiv, None)(Atom(-F, np.float64(1.0)), x) if not isinstance(x, Atom) else x


KEYWORDS.add("deltas", _prior(sub, _deltas1), None)
KEYWORDS.add("ratios", _prior(fdiv, _ratios1), None)
KEYWORDS["deltas"].t = KEYWORDS["ratios"].t = 101


def _differ_vec(v):
    if len(v.a) == 0:
        return Vec(B, np.zeros(0, bool))
    t, a = data(v)
    same = a[1:] == a[:-1]
    if a.dtype.kind == "f":
        same |= np.isnan(a[1:]) & np.isnan(a[:-1])
    return Vec(B, np.concatenate(([True], ~same)))


@kw("differ", rank=1)
def differ(x):
    """differ x: 1b where an item differs from the one before (the first is always 1b).

    q)differ 0 1 1 2 2 2 3
    1101001b
    """
    if isinstance(x, Atom):
        return Atom(-B, np.bool_(True))

    def on_list(its):
        keys = [key_of(i) for i in its]
        return Vec(B, np.array([True] + [a != b for a, b in zip(keys[1:], keys)], dtype=bool))
    if isinstance(x, (Dict, Table)):
        return on_list(items(x))
    return _differ_vec(x) if isinstance(x, Vec) else on_list(x.items) if x.items else Vec(B, np.zeros(0, bool))


def _shift_amount(x):
    if not (isinstance(x, Atom) and -x.t in INTEGRAL):
        raise QError("type")
    n = int(x.v)
    if -x.t in NULL_INT and n == NULL_INT[-x.t]:
        raise QError("domain")
    return n


@kw("xprev", rank=2)
def xprev(x, y):
    """x xprev y: y shifted x items later (negative x: earlier), nulls filling in.

    q)2 xprev 2 7 5 3 11
    0N 0N 2 7 5
    """
    n = _shift_amount(x)
    if isinstance(y, Atom):
        raise QError("rank")
    if isinstance(y, Vec):
        out = np.full(len(y.a), null_atom(y.t).v, dtype=y.a.dtype)
        m = len(y.a)
        if 0 <= n < m:
            out[n:] = y.a[:m - n]
        elif -m < n < 0:
            out[:m + n] = y.a[-n:]
        return Vec(y.t, out)
    if isinstance(y, Dict):
        return Dict(y.k, xprev(x, y.v))
    if isinstance(y, Table):
        return Table(y.names, [xprev(x, c) for c in y.cols])
    its = y.items
    fill = null_atom(its[0].t) if its and isinstance(its[0], Atom) else List([])
    return from_items([its[i - n] if 0 <= i - n < len(its) else fill for i in range(len(its))])


@kw("rotate", rank=2)
def rotate(x, y):
    """x rotate y: y's items moved x places left (negative x: right), wrapping round.

    q)2 rotate 2 3 5 7 11
    5 7 11 2 3
    """
    n = _shift_amount(x)
    if isinstance(y, Atom):
        raise QError("rank")
    m = count(y)
    if m == 0:
        return y
    idx = (np.arange(m) + n) % m
    if isinstance(y, Table):
        return Table(y.names, [take_items(c, idx) for c in y.cols])
    if isinstance(y, Dict):
        return Dict(rotate(x, y.k), rotate(x, y.v))
    return take_items(y, idx)

