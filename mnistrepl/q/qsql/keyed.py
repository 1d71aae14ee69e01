"""Table shape keywords: xkey, xasc, xdesc, xcol, xcols, xgroup, ungroup, meta, keys, fkeys
(code.kx.com/q/ref: each keyword's page).

    q)`b xkey ([]a:1 2;b:`x`y)
    b| a
    -| -
    x| 1
    y| 2
"""
import numpy as np

from ..errors import QError
from ..prims.dicts import key_table, unkey
from ..prims.shape import take
from ..registry import KEYWORDS
from ..words.core import sort_table
from ..values import (LETTERS, S, Atom, Dict, List, Table, Vec, count, empty, from_items,
                      items, symvec)
from .keyfind import row_codes


def is_keyed(x):
    return isinstance(x, Dict) and isinstance(x.k, Table) and isinstance(x.v, Table)


def named(interp, x):
    """(value, name) of a table argument given by value or as a symbol naming a global
    (` names none: 'type, as no table)."""
    if isinstance(x, Atom) and x.t == -S:
        if not x.v:
            raise QError("type")
        return interp.lookup(x.v), x.v
    return x, None


def plain(x):
    """The simple table of a table or keyed table; else 'type."""
    if isinstance(x, Table):
        return x
    if is_keyed(x):
        return unkey(x)
    raise QError("type")


def names_of(x):
    """A symbol atom or vector as a list of str; () is no names; else 'type."""
    if isinstance(x, Atom) and x.t == -S:
        return [x.v]
    if isinstance(x, Vec) and x.t == S:
        return list(x.a)
    if isinstance(x, List) and not x.items:
        return []
    raise QError("type")


def column(t, name):
    """Column `name` of simple table t; the name as the error when absent."""
    if name not in t.names:
        raise QError(name)
    return t.cols[t.names.index(name)]


def _store(interp, name, value):
    if name is None:
        return value
    interp.assign_global(name, value)
    return Atom(-S, name)


@KEYWORDS.qfunc("xkey", rank=2, ctx=True)
def xkey(interp, x, y):
    """`c xkey t: t keyed on columns c (moved to the front); () xkey t unkeys.
    By name (`c xkey `t) the global is re-keyed and the name returned."""
    t, name = named(interp, y)
    t = plain(t)
    ks = names_of(x)
    for k in ks:
        column(t, k)
    rest = [n for n in t.names if n not in ks]
    t = Table(ks + rest, [column(t, n) for n in ks + rest])
    return _store(interp, name, key_table(t, len(ks)) if ks else t)


@KEYWORDS.qfunc("xasc", rank=2, ctx=True)
def xasc(interp, x, y):
    """`c xasc t: t (simple or keyed) sorted up on columns c; by name (`c xasc `t) the
    global is sorted and the name returned. A column t lacks is the error."""
    return _sort_by(interp, x, y, False)


@KEYWORDS.qfunc("xdesc", rank=2, ctx=True)
def xdesc(interp, x, y):
    """`c xdesc t: as xasc, sorted down."""
    return _sort_by(interp, x, y, True)


def _sort_by(interp, x, y, descending):
    t, name = named(interp, y)
    ks = names_of(x)
    flat = plain(t)
    for k in ks:
        column(flat, k)
    r = sort_table(interp, flat, ks, descending)
    return _store(interp, name, key_table(r, len(t.k.names)) if is_keyed(t) else r)


@KEYWORDS.qfunc("xcol", rank=2)
def xcol(x, y):
    """`a`b xcol t renames the first columns; (`old!`new) xcol t renames by name."""
    t = plain(y)
    old = t.names
    if isinstance(x, Dict):
        src, dst = names_of(x.k), names_of(x.v)
        new = [dst[src.index(n)] if n in src else n for n in old]
    else:
        ks = names_of(x)
        if len(ks) > len(old):
            raise QError("length")
        new = ks + old[len(ks):]
    r = Table(new, t.cols)
    return key_table(r, len(y.k.names)) if is_keyed(y) else r


@KEYWORDS.qfunc("xcols", rank=2, ctx=True)
def xcols(interp, x, y):
    """`c xcols t: t with columns c first, the others after in their order."""
    if not isinstance(y, Table):
        raise QError("type")
    ks = names_of(x)
    order = ks + [n for n in y.names if n not in ks]
    return take(interp, symvec(order), y)


@KEYWORDS.qfunc("xgroup", rank=2)
def xgroup(x, y):
    """`k xgroup t: t keyed on k with the other columns collected into a list per
    distinct key, keys in order of first occurrence."""
    t = plain(y)
    ks = names_of(x)
    kcols = [column(t, k) for k in ks]
    vnames = [n for n in t.names if n not in ks]
    if not ks or count(t) == 0:
        return Dict(Table(ks, [c for c in kcols]), Table(vnames, [List([]) for _ in vnames]))
    codes, _ = row_codes(kcols, [c for c in kcols])
    _, first, inv = np.unique(codes, return_index=True, return_inverse=True)
    rank = np.argsort(np.argsort(first))         # group number by first occurrence
    gid = rank[inv.reshape(-1)]
    order = np.argsort(gid, kind="stable")
    bounds = np.cumsum(np.bincount(gid))[:-1]
    groups = np.split(order, bounds)
    firsts = np.sort(first)
    keys = Table(ks, [_take(c, firsts) for c in kcols])
    vals = [List([_take(column(t, n), g) for g in groups]) for n in vnames]
    return Dict(keys, Table(vnames, vals))


def _take(col, idx):
    if isinstance(col, Vec):
        return Vec(col.t, col.a[idx])
    its = items(col)
    return from_items([its[i] for i in idx]) if len(idx) else List([])


@KEYWORDS.qfunc("ungroup", rank=1)
def ungroup(x):
    """ungroup t: one row per item of the list columns (atoms repeat); keyed: unkeyed."""
    t = plain(x)
    if not t.names or count(t) == 0:
        return t
    lens = None
    for c in t.cols:
        if isinstance(c, List) and all(isinstance(v, (Vec, List)) for v in c.items):
            n = np.array([count(v) for v in c.items], dtype=np.int64)
            if lens is not None and not np.array_equal(lens, n):
                raise QError("length")
            lens = n
    if lens is None:
        return t
    return Table(t.names, [_spread(c, lens) for c in t.cols])


def _spread(c, lens):
    if isinstance(c, Vec):
        return Vec(c.t, np.repeat(c.a, lens))
    its = items(c)                  # a table or dictionary column too: its rows repeat
    if isinstance(c, List) and all(isinstance(v, (Vec, List)) for v in its):
        if its and all(isinstance(v, Vec) and v.t == its[0].t for v in its):
            return Vec(its[0].t, np.concatenate([v.a for v in its]))
        return from_items([i for v in its for i in items(v)])
    return from_items([v for v, k in zip(its, lens.tolist()) for _ in range(k)])


@KEYWORDS.qfunc("meta", rank=1, ctx=True)
def meta(interp, x):
    """meta t: keyed table c| t f a of column names, type chars, foreign keys and
    attributes (upper-case type char for a column of vectors)."""
    t, _ = named(interp, x)
    t = plain(t)
    chars = [_type_char(c) for c in t.cols]
    attrs = [c.attr if isinstance(c, Vec) else "" for c in t.cols]
    keys = Table(["c"], [symvec(t.names)])
    vals = Table(["t", "f", "a"], [Vec(10, np.frombuffer("".join(chars).encode(), np.uint8).copy()),
                                   symvec([""] * len(chars)), symvec(attrs)])
    return Dict(keys, vals)


def _type_char(c):
    if isinstance(c, Vec):
        return LETTERS[c.t]
    if not isinstance(c, List):
        return " "                  # a table (a list of dictionaries) or dictionary column
    its = c.items
    if its and all(isinstance(v, Vec) and v.t == its[0].t for v in its):
        return LETTERS[its[0].t].upper()
    return " "


@KEYWORDS.qfunc("keys", rank=1, ctx=True)
def keys(interp, x):
    """keys t: the key column names of a keyed table (none for a simple table)."""
    t, _ = named(interp, x)
    if is_keyed(t):
        return symvec(t.k.names)
    if isinstance(t, Table):
        return empty(S)
    raise QError("type")


@KEYWORDS.qfunc("fkeys", rank=1, ctx=True)
def fkeys(interp, x):
    """fkeys t: foreign-key columns to the tables they link. mnistrepl has no
    enumerations, so no column is a foreign key: the dictionary is empty."""
    t, _ = named(interp, x)
    plain(t)
    return Dict(empty(S), empty(S))
