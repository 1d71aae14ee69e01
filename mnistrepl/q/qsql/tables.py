"""Table literals `([k:..] c:..)` and keying (q-subset.md §9)."""
from ..errors import QError
from ..registry import KEYWORDS
from ..values import Dict, List, Table, Vec, count, from_items, enlist, take_items
import numpy as np
from ..prims.dicts import key_table
from .rows import extend, group_rows, spread


def build_table(names, vals):
    """([] a:..; b:..) from names and values: atoms extend to the common length.
    Example: build_table(["a","b"], [1 2, 3]) -> ([]a:1 2;b:3 3)."""
    n = max((count(v) for v in vals if not _scalar(v)), default=None)
    if n is None:
        if not vals:
            return Table([], [])
        n = 1
        vals = [enlist(v) for v in vals]
    cols = []
    for v in vals:
        if _scalar(v):
            v = from_items([v] * n)
        elif count(v) != n:
            raise QError("length")
        cols.append(v)
    return Table(names, cols)


def _scalar(v):
    """An atom or a function: one cell, repeated to the table's length."""
    return not isinstance(v, (Vec, List, Table, Dict))


def compile_table(interp, node, unit):
    """The closure of `([k:..] c:..)`: a table, or a keyed table when keys are given."""
    keys = [(n, interp.compile(e, unit)) for n, e in node.keys]
    cols = [(n, interp.compile(e, unit)) for n, e in node.cols]

    def run(fr):
        cv = [(n, f(fr)) for n, f in reversed(cols)][::-1]
        kv = [(n, f(fr)) for n, f in reversed(keys)][::-1]
        try:
            t = build_table([n for n, _ in kv + cv], [v for _, v in kv + cv])
        except QError as e:
            interp._locate(e, node.pos, unit)
            raise
        return key_table(t, len(kv)) if kv else t
    return run


@KEYWORDS.qfunc("fby", rank=2, ctx=True)
def fby(interp, fc, g):
    """(f;c) fby g: f applied to c within each group of g, spread back to every row.
    Example: select from t where px=(max;px) fby sym -> the top px row of each sym."""
    if not (isinstance(fc, List) and len(fc.items) == 2):
        raise QError("type")
    f, c = fc.items
    keys = g.cols if isinstance(g, Table) else [g]
    n = count(c)
    if any(count(k) != n for k in keys):
        raise QError("length")
    _, groups = group_rows(interp, keys, np.arange(n))
    parts = [extend(interp.apply(f, [take_items(c, grp)]), len(grp)) for grp in groups]
    return spread(parts, groups, n) if groups else c
