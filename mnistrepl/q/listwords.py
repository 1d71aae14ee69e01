"""List keywords (q-subset.md §6 Lists): in, within, except, inter, union, cross, cut,
sublist, next, prev, deltas, fills, ..."""
import numpy as np

from .errors import QError
from .registry import KEYWORDS
from .values import Atom, Dict, List, Table, Vec, boolean, from_items, items, key_of, B

kw = KEYWORDS.qfunc


@kw("in", rank=2)
def in_(x, y):
    """x in y: whether x (left-atomic over a list) occurs in y.  q)2 in 1 2 3 → 1b"""
    keys = {key_of(i) for i in items(y)} if isinstance(y, (Vec, List)) else {key_of(y)}
    if isinstance(x, Vec):
        return Vec(B, np.array([key_of(i) in keys for i in items(x)], dtype=bool))
    if isinstance(x, List):
        return from_items([in_(i, y) for i in x.items])
    return boolean(key_of(x) in keys)
