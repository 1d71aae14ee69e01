"""q's internal functions `-n!x` (q-subset.md §6): -22! (serialized size) and -3! (the
compact string form). Others signal 'nyi."""
import numpy as np

from ..errors import QError
from ..values import C, S, Atom, Dict, Identity, List, Table, Vec, string, DTYPES
from ..output.display import compact

HEADER = 8       # the IPC message header counted by -22!


def internal(interp, n, x):
    if n == -22:
        return Atom(-7, np.int64(HEADER + serialized_size(x)))
    if n == -3:
        return string(compact(x, interp.precision))
    raise QError("nyi")


def serialized_size(x):
    """Bytes of x in kdb+ IPC form without the header (uncompressed): a type byte, then
    for lists an attribute byte and a 4-byte count, then the items."""
    if isinstance(x, Atom):
        return 1 + (len(x.v.encode()) + 1 if x.t == -S else _width(-x.t))
    if isinstance(x, Vec):
        if x.t == S:
            return 6 + sum(len(s.encode()) + 1 for s in x.a)
        return 6 + len(x.a) * _width(x.t)
    if isinstance(x, List):
        return 6 + sum(serialized_size(i) for i in x.items)
    if isinstance(x, Dict):
        return 1 + serialized_size(x.k) + serialized_size(x.v)
    if isinstance(x, Table):     # flip: type, attribute, then the column dictionary
        names = 6 + sum(len(n.encode()) + 1 for n in x.names)
        return 2 + 1 + names + 6 + sum(serialized_size(c) for c in x.cols)
    if isinstance(x, Identity):
        return 2
    raise QError("type")


def _width(t):
    return 1 if t == C else np.dtype(_dtype(t)).itemsize


def _dtype(t):
    return DTYPES[t]
