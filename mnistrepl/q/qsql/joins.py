"""Key joins (code.kx.com/q/ref/lj, ij, uj, pj, ej): rows matched on key columns with
qsql/keyfind, columns combined with NumPy. The `f` variants (ljf ijf ujf) keep x's value
where y's is null; the plain ones let y's nulls overwrite, as q does since V3.0.

    q)([]a:1 3;b:10 30) lj ([a:1 3]c:`x`z)
    a b  c
    ------
    1 10 x
    3 30 z
"""
import numpy as np

from ..errors import QError
from ..prims.atomic import add
from ..prims.indexing import index1
from ..prims.join import fill, join
from ..registry import KEYWORDS
from ..values import (J, Dict, Table, Vec, count, from_items, int_, is_null_atom, items,
                      null_mask)
from .insert import nulls_like, upsert_keyed
from .keyed import column, is_keyed, names_of, plain
from .keyfind import find_rows, row_codes
from .rows import keyed_parts, rekey


def at_rows(col, idx):
    """col at row indices idx; out-of-range indices give nulls (q indexing)."""
    return index1(None, col, Vec(J, idx))


def nulls(col):
    """Boolean mask of the null items of a column."""
    if isinstance(col, Vec):
        return null_mask(col)
    return np.array([is_null_atom(v) for v in items(col)], dtype=bool)


def overlay(old, new, take_new):
    """Column: new's item where take_new, old's elsewhere."""
    if isinstance(old, Vec) and isinstance(new, Vec) and old.t == new.t:
        return Vec(old.t, np.where(take_new, new.a, old.a))
    if take_new.all():
        return new
    if not take_new.any():
        return old
    return from_items([b if m else a for a, b, m in zip(items(old), items(new), take_new.tolist())])


def _keyed_arg(y):
    if not is_keyed(y):
        raise QError("type")
    return y


def _matches(x, y):
    """(row of y's key matching each row of x or count y, found mask)."""
    at = find_rows(y.k.cols, [column(x, n) for n in y.k.names])
    return at, at < count(y.k)


def left_join(x, y, keep_x_on_null):
    """x lj y on a simple table x (ljf when keep_x_on_null)."""
    at, found = _matches(x, y)
    names, cols = list(x.names), list(x.cols)
    for n, c in zip(y.v.names, y.v.cols):
        yv = at_rows(c, at)
        if n in names:
            j = names.index(n)
            take = found & ~nulls(yv) if keep_x_on_null else found
            cols[j] = overlay(cols[j], yv, take)
        else:
            names.append(n)
            cols.append(yv)
    return Table(names, cols)


def _on_table(fn, x, *args):
    """fn applied to the simple table of x; a keyed x is re-keyed after."""
    t, nk = keyed_parts(x)
    return rekey(fn(t, *args), nk)


@KEYWORDS.qfunc("lj", rank=2)
def lj(x, y):
    """x lj y  left join: each row of x with the matching row of keyed table y."""
    return _on_table(left_join, x, _keyed_arg(y), False)


@KEYWORDS.qfunc("ljf", rank=2)
def ljf(x, y):
    """x ljf y  left join where y's nulls do not overwrite x."""
    return _on_table(left_join, x, _keyed_arg(y), True)


def inner_join(x, y, keep_x_on_null):
    _, found = _matches(x, y)
    rows = np.flatnonzero(found)
    return left_join(Table(x.names, [at_rows(c, rows) for c in x.cols]), y, keep_x_on_null)


@KEYWORDS.qfunc("ij", rank=2)
def ij(x, y):
    """x ij y  inner join: the rows of x whose key is in y, joined with y's row."""
    return _on_table(inner_join, x, _keyed_arg(y), False)


@KEYWORDS.qfunc("ijf", rank=2)
def ijf(x, y):
    """x ijf y  inner join where y's nulls do not overwrite x."""
    return _on_table(inner_join, x, _keyed_arg(y), True)


def _union_tables(x, y):
    """Rows of x then rows of y over the union of their columns (nulls where absent)."""
    names = list(x.names) + [n for n in y.names if n not in x.names]
    nx, ny = count(x), count(y)
    cols = []
    for n in names:
        a = column(x, n) if n in x.names else None
        b = column(y, n) if n in y.names else None
        a = a if a is not None else nulls_like(b, nx)
        b = b if b is not None else nulls_like(a, ny)
        cols.append(join(a, b) if nx and ny else (a if ny == 0 else b))
    return Table(names, cols)


def union_join(x, y, keep_x_on_null):
    if isinstance(x, Table) and isinstance(y, Table):
        return _union_tables(x, y)
    if not (is_keyed(x) and is_keyed(y)):
        raise QError("type")
    if x.k.names != y.k.names:
        raise QError("mismatch")
    extra = [n for n in y.v.names if n not in x.v.names]
    nx = count(x.k)
    xv = Table(x.v.names + extra, x.v.cols + [nulls_like(column(y.v, n), nx) for n in extra])
    yv = y.v
    if keep_x_on_null:
        at = find_rows(x.k.cols, y.k.cols)
        found = at < nx
        yv = Table(y.v.names, [overlay(at_rows(column(xv, n), at), c, ~found | ~nulls(c))
                               for n, c in zip(y.v.names, y.v.cols)])
    return upsert_keyed(Dict(x.k, xv), Table(y.k.names + yv.names, y.k.cols + yv.cols))


@KEYWORDS.qfunc("uj", rank=2)
def uj(x, y):
    """x uj y  union join: tables appended over the union of columns; keyed tables
    upserted by key."""
    return union_join(x, y, False)


@KEYWORDS.qfunc("ujf", rank=2)
def ujf(x, y):
    """x ujf y  union join where y's nulls do not overwrite x."""
    return union_join(x, y, True)


def plus_join(x, y):
    at, found = _matches(x, y)
    names, cols = list(x.names), list(x.cols)
    zero = int_(0)
    for n, c in zip(y.v.names, y.v.cols):
        yv = fill(zero, at_rows(c, at))
        if n in names:
            j = names.index(n)
            cols[j] = add(cols[j], yv)
        else:
            names.append(n)
            cols.append(yv)
    return Table(names, cols)


@KEYWORDS.qfunc("pj", rank=2)
def pj(x, y):
    """x pj y  plus join: y's matching values added to x's (missing ones count 0)."""
    return _on_table(plus_join, x, _keyed_arg(y))


@KEYWORDS.qfunc("ej", rank=3)
def ej(c, x, y):
    """ej[c;t1;t2]  equi join: every pair of rows of t1 and t2 equal on columns c,
    in t1's row order, with t2's columns over t1's."""
    ks = names_of(c)
    x, y = plain(x), plain(y)
    cx, cy = row_codes([column(x, k) for k in ks], [column(y, k) for k in ks])
    order = np.argsort(cy, kind="stable")
    sy = cy[order]
    lo = np.searchsorted(sy, cx, side="left")
    hi = np.searchsorted(sy, cx, side="right")
    n = hi - lo
    xi = np.repeat(np.arange(len(cx)), n)
    starts = np.repeat(lo - np.concatenate(([0], np.cumsum(n)[:-1])), n)
    yi = order[starts + np.arange(n.sum())]
    names, cols = list(x.names), [at_rows(col, xi) for col in x.cols]
    for nm, col in zip(y.names, y.cols):
        if nm in ks:
            continue
        v = at_rows(col, yi)
        if nm in names:
            cols[names.index(nm)] = v
        else:
            names.append(nm)
            cols.append(v)
    return Table(names, cols)

