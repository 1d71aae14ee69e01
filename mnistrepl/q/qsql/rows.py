"""Row machinery for qSQL: phrase frames, grouping, column merging (q-subset.md §10)."""
import numpy as np

from ..errors import QError
from .grouping import grouping
from ..values import (INTEGRAL, J, Atom, Dict, List, Table, Vec, count, from_items, items,
                      null_atom, take_items, empty)


class Frame(dict):
    """Names a phrase sees: columns (at rows `idx`, taken lazily), `i`, then the locals
    of the enclosing lambda. Example: Frame(t, idx, None).get("px") -> px at idx."""

    def __init__(self, table, idx, outer):
        super().__init__()
        self.table, self.idx, self.outer = table, idx, outer

    def get(self, name, default=None):
        if dict.__contains__(self, name):
            return dict.__getitem__(self, name)
        t = self.table
        if name in t.names:
            v = _column_at(t.cols[t.names.index(name)], self.idx)
        elif name == "i":
            v = Vec(J, self.idx.astype(np.int64))
        elif self.outer is not None:
            return self.outer.get(name, default)
        else:
            return default
        dict.__setitem__(self, name, v)
        return v

    def __contains__(self, name):
        return self.get(name) is not None

    def __getitem__(self, name):
        v = self.get(name)
        if v is None:
            raise KeyError(name)
        return v


def _column_at(col, idx):
    """A column's items at rows idx. Rows in order (where keeps it), so as many as the
    column has are all of it: a vector then shares its array (a gather of a million symbols
    costs as much as grouping them) and, as a taken one, has no attribute."""
    if isinstance(col, Vec) and len(idx) == len(col.a):
        return Vec(col.t, col.a)
    return take_items(col, idx)


def where_rows(interp, table, idx, conds, outer):
    """Rows kept by successive where constraints: each filters the previous one's rows.
    Example: where px>15,qty<4 -> rows 1 2 of the §10 table."""
    for cond in conds:
        b = cond(Frame(table, idx, outer))
        idx = idx[_mask(b, len(idx))]
    return idx


def _mask(b, n):
    if isinstance(b, Atom) and -b.t in INTEGRAL:
        return np.full(n, bool(b.v))
    if not (isinstance(b, Vec) and b.t in INTEGRAL):
        raise QError("type")
    if len(b.a) != n:
        raise QError("length")
    return b.a != 0


def group_rows(interp, keys, idx):
    """Groups of rows `idx` by the by-phrase values `keys` (each a list over idx), in
    ascending key order. Returns (firsts, groups): position of each group's first row
    in idx, and the positions of its rows. Example: `a`b`a -> [0,1], [[0,2],[1]]."""
    g = grouping(keys, len(idx))
    return g.firsts, g.groups


def extend(v, n):
    """A phrase result as a column of n rows: atoms repeat, lists must have n items."""
    if isinstance(v, Atom):
        return from_items([v] * n) if n else _empty_like(v)
    if isinstance(v, (Vec, List)):
        if count(v) != n:
            raise QError("length")
        return v
    if n == 1:
        return List([v])
    raise QError("type")


def _empty_like(a):
    return empty(-a.t) if -a.t in range(1, 20) else List([])


def spread(parts, groups, n):
    """Per-group column parts (each over its group's rows) back into one column of n rows
    in row order. Example: parts [10 10, 20] over groups [[0,2],[1]] -> 10 20 10."""
    if all(isinstance(p, Vec) for p in parts) and len({p.t for p in parts}) == 1 and parts:
        a = np.empty(n, dtype=parts[0].a.dtype)
        for p, g in zip(parts, groups):
            a[g] = p.a
        return Vec(parts[0].t, a)
    out = [None] * n
    for p, g in zip(parts, groups):
        for j, v in zip(g, items(p)):
            out[j] = v
    return from_items(out)


def merge_column(old, new, sel, n):
    """Column of n rows: `new` (values at rows sel) over `old` (None for a new column,
    which gets nulls elsewhere). Example: old None, new 10 90 at 0 2 -> 10 0N 90 0N."""
    if len(sel) == n and (sel == np.arange(n)).all():
        return new
    if old is None:
        if isinstance(new, Vec):
            a = np.full(n, null_atom(new.t).v, dtype=new.a.dtype)
            a[sel] = new.a
            return Vec(new.t, a)
        fill = _null_item(items(new)[0]) if count(new) else List([])
        out = [fill] * n
    else:
        return put_items(old, sel, new)
    for j, v in zip(sel, items(new)):
        out[j] = v
    return from_items(out)


def put_items(col, sel, new):
    """col with the items of new written at positions sel, in order (later writes win);
    a vector takes only items of its own type ('type)."""
    if isinstance(col, Vec) and isinstance(new, Vec):
        if col.t != new.t:
            raise QError("type")
        a = col.a.copy()
        a[sel] = new.a
        return Vec(col.t, a)
    if isinstance(col, Vec) and len(sel):
        raise QError("type")
    out = list(items(col))
    for j, v in zip(sel, items(new)):
        out[j] = v
    return from_items(out) if out else col


def _null_item(v):
    if isinstance(v, Atom):
        return null_atom(v.t)
    if isinstance(v, Vec):
        return Vec(v.t, v.a[:0])
    return List([])


def keyed_parts(x):
    """(table, key count) of a table or keyed table; else 'type."""
    if isinstance(x, Table):
        return x, 0
    if isinstance(x, Dict) and isinstance(x.k, Table) and isinstance(x.v, Table):
        return Table(x.k.names + x.v.names, x.k.cols + x.v.cols), len(x.k.names)
    raise QError("type")


def rekey(t, nk):
    """Back to a keyed table with nk key columns (nk 0: the table itself)."""
    if nk == 0:
        return t
    return Dict(Table(t.names[:nk], t.cols[:nk]), Table(t.names[nk:], t.cols[nk:]))
