"""insert, upsert and tables (code.kx.com/q/ref/insert, /upsert, /tables): rows given
as a table, a dictionary (one row, or columns), or a list of atoms (one row) or of
equal-length lists (columns). In memory only: tables on disk are not supported.

    q)t:([]a:1 2;b:`x`y)
    q)`t insert (3;`z)
    ,2
    q)([k:1 2]v:1 2) upsert (2;9)
    k| v
    -| -
    1| 1
    2| 9
"""
import numpy as np

from ..errors import QError
from ..prims.join import join
from ..prims.unary import flip
from ..registry import KEYWORDS
from ..values import (J, S, Atom, Dict, List, Table, Vec, count, empty, enlist, from_items,
                      items, null_atom, symvec)
from .keyed import is_keyed, named
from .keyfind import find_rows
from .rows import put_items


def rows_of(names, x):
    """x as a table with columns `names` (in that order); 'length or 'mismatch otherwise."""
    if isinstance(x, Dict) and not isinstance(x.k, Table):
        x = _dict_rows(x)
    if isinstance(x, Table):
        if sorted(x.names) != sorted(names):
            raise QError("mismatch")
        return Table(names, [x.cols[x.names.index(n)] for n in names])
    if is_keyed(x):
        return rows_of(names, Table(x.k.names + x.v.names, x.k.cols + x.v.cols))
    vals = items(x) if isinstance(x, (Vec, List)) else [x]
    if len(vals) != len(names):
        raise QError("length")
    if all(isinstance(v, Atom) for v in vals):
        return Table(names, [enlist(v) for v in vals])
    n = {count(v) for v in vals if not isinstance(v, Atom)}
    if len(n) != 1:
        raise QError("length")
    n = n.pop()
    return Table(names, [from_items([v] * n) if isinstance(v, Atom) else v for v in vals])


def _dict_rows(d):
    if not (isinstance(d.k, Vec) and d.k.t == S):
        raise QError("type")
    vals = items(d.v)
    if all(isinstance(v, Atom) for v in vals):
        return enlist(d)
    return flip(d)


def append_cols(old, new):
    """Column old with new's items after it; the types must agree ('type), except that
    an empty general column takes the new column's type."""
    if isinstance(old, List) and not old.items:
        return new
    if isinstance(old, Vec):
        if not (isinstance(new, Vec) and new.t == old.t) and count(new):
            raise QError("type")
        return Vec(old.t, np.concatenate((old.a, new.a))) if count(new) else old
    return join(old, new) if count(new) else old


def _append(t, rows):
    return Table(t.names, [append_cols(a, b) for a, b in zip(t.cols, rows.cols)])


def _store(interp, name, value):
    interp.assign_global(name, value)
    return Atom(-S, name)


@KEYWORDS.qfunc("insert", rank=2, ctx=True)
def insert(interp, x, y):
    """`t insert rows: appends to the global table t (created when absent and rows is a
    table) and returns the new rows' indices; a key already in a keyed t is 'insert."""
    if not (isinstance(x, Atom) and x.t == -S):
        raise QError("type")
    name = x.v
    t = interp.globals.get(name)
    if t is None:
        if not isinstance(y, Table):
            raise QError(name)
        t = Table(y.names, [c if not isinstance(c, Vec) else Vec(c.t, c.a[:0]) for c in y.cols])
    n0 = count(t)
    if is_keyed(t):
        new = _insert_keyed(t, y)
    elif isinstance(t, Table):
        new = _append(t, rows_of(t.names, y))
    else:
        raise QError("type")
    interp.assign_global(name, new)
    return Vec(J, np.arange(n0, count(new), dtype=np.int64))


def _insert_keyed(kt, y):
    nk = len(kt.k.names)
    rows = rows_of(kt.k.names + kt.v.names, y)
    hit = find_rows(kt.k.cols, rows.cols[:nk])
    if (hit < count(kt.k)).any():
        raise QError("insert")
    dup = find_rows(rows.cols[:nk], rows.cols[:nk])
    if (dup != np.arange(len(dup))).any():
        raise QError("insert")
    keys = Table(kt.k.names, [append_cols(a, b) for a, b in zip(kt.k.cols, rows.cols[:nk])])
    vals = Table(kt.v.names, [append_cols(a, b) for a, b in zip(kt.v.cols, rows.cols[nk:])])
    return Dict(keys, vals)


@KEYWORDS.qfunc("upsert", rank=2, ctx=True)
def upsert(interp, x, y):
    """t upsert rows: appends to a simple table; on a keyed table replaces the rows whose
    keys exist and appends the others. By name the global is updated (or created)."""
    t, name = named(interp, x) if not (isinstance(x, Atom) and x.t == -S
                                       and x.v not in interp.globals) else (None, x.v)
    if t is None:
        return _store(interp, name, y)
    if is_keyed(t):
        r = upsert_keyed(t, y)
    elif isinstance(t, Table):
        r = _append(t, rows_of(t.names, y))
    else:
        raise QError("type")
    return _store(interp, name, r) if name is not None else r


def upsert_keyed(kt, y):
    """Keyed-table upsert: y's rows (all key columns, any value columns) replace the
    matching rows of kt; new keys are appended with nulls in the missing columns."""
    if is_keyed(y):
        y = Table(y.k.names + y.v.names, y.k.cols + y.v.cols)
    allnames = kt.k.names + kt.v.names
    if isinstance(y, Table) and set(kt.k.names) <= set(y.names) and set(y.names) <= set(allnames):
        rows = y
    else:
        rows = rows_of(allnames, y)
    ykeys = [rows.cols[rows.names.index(n)] for n in kt.k.names]
    at = find_rows(kt.k.cols, ykeys)
    n = count(kt.k)
    new = np.flatnonzero(at == n)
    new = new[find_rows(ykeys, ykeys)[new] == new]        # a new key once (its last row wins)
    keys = Table(kt.k.names, [append_cols(c, _pick(k, new)) for c, k in zip(kt.k.cols, ykeys)])
    slot = at.copy()
    slot[at == n] = n + np.searchsorted(new, find_rows(ykeys, ykeys)[at == n])
    vals = []
    for vn, col in zip(kt.v.names, kt.v.cols):
        grown = append_cols(col, nulls_like(col, len(new)))
        if vn in rows.names:
            grown = put_items(grown, slot, rows.cols[rows.names.index(vn)])
        vals.append(grown)
    return Dict(keys, Table(kt.v.names, vals))


def _pick(col, idx):
    if isinstance(col, Vec):
        return Vec(col.t, col.a[idx])
    its = items(col)
    return from_items([its[i] for i in idx]) if len(idx) else List([])


def nulls_like(col, n):
    if isinstance(col, Vec):
        return Vec(col.t, np.full(n, null_atom(col.t).v, dtype=col.a.dtype))
    return List([List([])] * n) if n else List([])


@KEYWORDS.qfunc("tables", rank=1, ctx=True)
def tables(interp, x):
    """tables[] or tables`.: sorted names of the global tables (keyed ones too)."""
    if not (x.t == 101 or (isinstance(x, Atom) and x.t == -S and x.v in ("", "."))):
        if isinstance(x, Atom) and x.t == -S:
            return empty(S)
        raise QError("type")
    out = [n for n, v in interp.globals.items()
           if not n.startswith(".") and (isinstance(v, Table) or is_keyed(v))]
    return symvec(sorted(out))

