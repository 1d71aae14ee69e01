"""`#` with an attribute name on the left: `` `s#y `` `` `u#y `` `` `p#y `` `` `g#y `` set an
attribute after checking it holds, `` `#y `` removes it (code.kx.com/q/ref/set-attribute).

    q)`s#1 2 3
    `s#1 2 3
    q)`#`s#1 2 3
    1 2 3

mnistrepl keeps attributes on simple vectors (dictionary keys included); on a general list
the check is made and the list comes back as it was."""
import numpy as np

from ..errors import QError
from .unary import iasc
from ..values import Dict, List, Vec, count, items, key_of

NAMES = frozenset(("", "s", "u", "p", "g"))


def is_attribute(x):
    """Whether a symbol atom's name is one of q's attributes (or ` to remove them)."""
    return x.v in NAMES


def set_attribute(name, y):
    if isinstance(y, Dict):
        return Dict(set_attribute(name, y.k), y.v)
    if not isinstance(y, (Vec, List)):
        raise QError("type")
    if name == "s" and not _ascending(y):
        raise QError("s-fail")
    if name == "u" and not _unique(y):
        raise QError("u-fail")
    if name == "p":
        if not isinstance(y, Vec):
            raise QError("type")
        if not _parted(y):
            raise QError("u-fail")
    return Vec(y.t, y.a, attr=name) if isinstance(y, Vec) else y


def _ascending(y):
    order = iasc(y).a
    return bool(np.all(order == np.arange(len(order))))


def _distinct_count(y):
    if isinstance(y, Vec):
        return len(np.unique(y.a))
    return len({key_of(v) for v in items(y)})


def _unique(y):
    return _distinct_count(y) == count(y)


def _parted(y):
    """Each value in one run: as many runs as distinct values."""
    a = y.a
    if len(a) == 0:
        return True
    same = (a[1:] == a[:-1]) | (np.isnan(a[1:]) & np.isnan(a[:-1])) if a.dtype.kind == "f" \
        else a[1:] == a[:-1]
    return 1 + int(np.count_nonzero(~same)) == _distinct_count(y)
