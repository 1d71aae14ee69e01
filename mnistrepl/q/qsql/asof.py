"""As-of and window joins (code.kx.com/q/ref/aj, asof, wj): rows matched on equal key
columns and the last time at or before, by one sort and a binary search over a combined
(key code, time rank) integer.

    q)t:([]time:10:01:01 10:01:03;sym:`msft`ibm;qty:100 200)
    q)q:([]time:10:01:00 10:01:02;sym:`msft`ibm;px:99 98)
    q)aj[`sym`time;t;q]
    time     sym  qty px
    --------------------
    10:01:01 msft 100 99
    10:01:03 ibm  200 98
"""
import numpy as np

from ..errors import QError
from ..registry import KEYWORDS
from ..values import Atom, Dict, List, S, Table, Vec, count, enlist, from_items, items, symvec
from .joins import at_rows, nulls, overlay
from .keyed import column, names_of, plain
from .keyfind import col_codes, row_codes

_SPAN = 2 ** 62


class AsOf:
    """The rows of `data` (a table) sorted by (key, time), searchable from probe rows.
    keys: equality column names; tname: the time column."""

    def __init__(self, keys, tname, data, probe_cols, probe_times):
        if not isinstance(column(data, tname), Vec) or not isinstance(probe_times, Vec):
            raise QError("type")
        ck, cp = (row_codes([column(data, k) for k in keys], probe_cols) if keys
                  else (np.zeros(count(data), np.int64), np.zeros(count(probe_times), np.int64)))
        self.tk, self.tp = col_codes(column(data, tname), probe_times)
        self.width = int(max(self.tk.max(initial=-1), self.tp.max(initial=-1))) + 2
        top = int(max(ck.max(initial=0), cp.max(initial=0))) + 1
        if top * self.width >= _SPAN:
            _, inv = np.unique(np.concatenate((ck, cp)), return_inverse=True)
            inv = inv.reshape(-1)
            ck, cp = inv[:len(ck)], inv[len(ck):]
        self.ck, self.cp = ck, cp
        key = ck * self.width + self.tk
        self.order = np.argsort(key, kind="stable")
        self.sorted = key[self.order]
        self.n = len(key)

    def probe_key(self, times=None):
        return self.cp * self.width + (self.tp if times is None else times)

    def last_at_or_before(self, times=None):
        """Row of data per probe row: the last with equal key and time <= the probe's;
        self.n where there is none."""
        pos = np.searchsorted(self.sorted, self.probe_key(times), side="right") - 1
        safe = np.maximum(pos, 0)
        ok = (pos >= 0) & (self.ck[self.order[safe]] == self.cp) if self.n else pos >= 0
        return np.where(ok, self.order[safe] if self.n else 0, self.n)


def _aj(c, x, y, time_from_y, keep_x_on_null):
    ks = names_of(c)
    if not ks:
        raise QError("length")
    x, y = plain(x), plain(y)
    eq, tname = ks[:-1], ks[-1]
    finder = AsOf(eq, tname, y, [column(x, k) for k in eq], column(x, tname))
    idx = finder.last_at_or_before()
    found = idx < finder.n
    names, cols = list(x.names), list(x.cols)
    skip = set(eq) if time_from_y else set(ks)
    for n, col in zip(y.names, y.cols):
        if n in skip:
            continue
        v = at_rows(col, idx)
        if n in names:
            j = names.index(n)
            cols[j] = overlay(cols[j], v, found & ~nulls(v) if keep_x_on_null else found)
        else:
            names.append(n)
            cols.append(v)
    return Table(names, cols)


@KEYWORDS.qfunc("aj", rank=3)
def aj(c, x, y):
    """aj[c;t1;t2]  as-of join: each row of t1 with the last row of t2 whose columns c
    (all but the last) are equal and whose time (the last of c) is at or before t1's."""
    return _aj(c, x, y, False, False)


@KEYWORDS.qfunc("aj0", rank=3)
def aj0(c, x, y):
    """aj0[c;t1;t2]  as aj, with the time of the matching t2 row."""
    return _aj(c, x, y, True, False)


@KEYWORDS.qfunc("ajf", rank=3)
def ajf(c, x, y):
    """ajf[c;t1;t2]  as aj, where t2's nulls do not overwrite t1's values."""
    return _aj(c, x, y, False, True)


@KEYWORDS.qfunc("ajf0", rank=3)
def ajf0(c, x, y):
    """ajf0[c;t1;t2]  as aj0, where t2's nulls do not overwrite t1's values."""
    return _aj(c, x, y, True, True)


@KEYWORDS.qfunc("asof", rank=2)
def asof(x, y):
    """t asof d (or a table of such rows): the other columns of t at the last row whose
    time (d's last column) is at or before d's and whose other columns equal d's."""
    t = plain(x)
    single = isinstance(y, Dict) and not isinstance(y.k, Table)
    if single:
        y = enlist(y)
    if not isinstance(y, Table) or not y.names:
        raise QError("type")
    finder = AsOf(y.names[:-1], y.names[-1], t, y.cols[:-1], y.cols[-1])
    idx = finder.last_at_or_before()
    rest = [n for n in t.names if n not in y.names]
    r = Table(rest, [at_rows(column(t, n), idx) for n in rest])
    if single:
        return Dict(symvec(rest), from_items([items(col)[0] for col in r.cols]))
    return r


def _window_join(interp, w, c, t, spec, prevailing):
    w0, w1 = _pair(w)
    ks = names_of(c)
    t = plain(t)
    if not (isinstance(spec, List) and spec.items and isinstance(spec.items[0], Table)):
        raise QError("type")
    q, aggs = spec.items[0], spec.items[1:]
    eq, tname = ks[:-1], ks[-1]
    n = count(t)
    if count(w0) != n or count(w1) != n:
        raise QError("length")
    twice = np.concatenate((np.arange(n), np.arange(n)))     # probes: starts, then ends
    finder = AsOf(eq, tname, q, [at_rows(column(t, k), twice) for k in eq], _join_times(w0, w1))
    keys = finder.probe_key()
    k0, k1, cp = keys[:n], keys[n:], finder.cp[:n]
    lo = np.searchsorted(finder.sorted, k0, side="left")
    hi = np.searchsorted(finder.sorted, k1, side="right")
    if prevailing:
        exact = (lo < finder.n) & (finder.sorted[np.minimum(lo, finder.n - 1)] == k0) \
            if finder.n else np.zeros(n, bool)
        prev = np.maximum(lo - 1, 0)
        same = (lo > 0) & (finder.ck[finder.order[prev]] == cp) if finder.n else exact
        lo = np.where(~exact & same, lo - 1, lo)
    names, cols = list(t.names), list(t.cols)
    for a in aggs:
        if not (isinstance(a, List) and len(a.items) == 2):
            raise QError("type")
        f, cname = a.items
        if not (isinstance(cname, Atom) and cname.t == -S):
            raise QError("type")
        src = column(q, cname.v)
        vals = [interp.apply(f, [at_rows(src, finder.order[i:j])])
                for i, j in zip(lo.tolist(), hi.tolist())]
        col = from_items(vals) if vals else at_rows(src, np.zeros(0, np.int64))
        if cname.v in names:
            cols[names.index(cname.v)] = col
        else:
            names.append(cname.v)
            cols.append(col)
    return Table(names, cols)


def _pair(w):
    its = items(w) if isinstance(w, (Vec, List)) else []
    if len(its) != 2:
        raise QError("length")
    return its


def _join_times(a, b):
    if not (isinstance(a, Vec) and isinstance(b, Vec) and a.t == b.t):
        raise QError("type")
    return Vec(a.t, np.concatenate((a.a, b.a)))


@KEYWORDS.qfunc("wj", rank=4, ctx=True)
def wj(interp, w, c, t, spec):
    """wj[w;c;t;(q;(f;c0);..)]  window join: for each row of t, f applied to q's column
    c0 over the rows with equal keys and time within w (begin;end), counting from the
    quote prevailing at the window's start."""
    return _window_join(interp, w, c, t, spec, True)


@KEYWORDS.qfunc("wj1", rank=4, ctx=True)
def wj1(interp, w, c, t, spec):
    """wj1: as wj, over the quotes inside the window only."""
    return _window_join(interp, w, c, t, spec, False)
