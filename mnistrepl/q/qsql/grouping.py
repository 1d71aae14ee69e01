"""`by` in one factorise: every key column becomes dense codes in q's ascending order
(a presence table for compact integers, one NumPy unique for floats and wide integers, a
hash for symbols), the columns combine into one code, and a stable sort by code (radix for
up to 65536 groups) gives each group's rows. The aggregates `sum`, `count`, `first` and
`last` of a column then take one bincount or reduceat instead of one evaluation per group.
Example: keys `a`b`a -> codes 0 1 0, groups [0 2] [1]."""
import numpy as np

from ..prims.unary import iasc
from ..errors import QError
from ..syntax import nodes as nd
from ..values import FLOATING, DTYPES, J, S, Atom, Vec, count, items, key_of, take_items
from ..words.aggregates import SUM_TYPE, _int_work, _wrap_int

DENSE = 4          # integer keys spanning at most DENSE*n+1024 values use a presence table


class Grouping:
    """Rows 0..n-1 grouped by code: `order` lists the rows group by group (each group in
    row order), `starts` and `sizes` delimit the groups, in ascending key order."""

    def __init__(self, codes, ngroups):
        sortable = codes.astype(np.uint16) if ngroups <= 65536 else codes
        self.order = np.argsort(sortable, kind="stable")
        self.sizes = np.bincount(codes, minlength=ngroups)
        self.starts = (np.cumsum(self.sizes) - self.sizes).astype(np.int64)

    @property
    def firsts(self):
        return self.order[self.starts]

    @property
    def lasts(self):
        return self.order[self.starts + self.sizes - 1]

    @property
    def groups(self):
        return np.split(self.order, self.starts[1:]) if len(self.starts) else []


def grouping(keys, n):
    """The Grouping of n rows by the by-phrase values `keys` (each an atom or n items)."""
    if n == 0:
        return Grouping(np.zeros(0, np.int64), 0)
    codes, total = np.zeros(n, np.int64), 1
    for k in keys:
        c, g = key_codes(k, n)
        if total * g >= 2 ** 62:
            codes, total = dense_codes(codes, n)
        codes, total = codes * g + c, total * g
    if len(keys) > 1:
        codes, total = dense_codes(codes, n)
    return Grouping(codes, total)


def key_codes(k, n):
    """(codes, number of distinct values) of one by column, codes in q's ascending order."""
    if isinstance(k, Atom):
        return np.zeros(n, np.int64), 1
    if count(k) != n:
        raise QError("length")
    if isinstance(k, Vec) and k.t in FLOATING:
        uniq, codes = np.unique(k.a, return_inverse=True)
        codes = codes.reshape(-1).astype(np.int64)
        if len(uniq) and np.isnan(uniq[-1]):          # q sorts the null first
            codes = (codes + 1) % len(uniq)
        return codes, len(uniq)
    if isinstance(k, Vec) and k.t == S:
        return _hashed(k.a, n, lambda uniq, rows: sorted(range(len(uniq)), key=uniq.__getitem__))
    if isinstance(k, Vec):
        return dense_codes(k.a.astype(np.int64, copy=False), n)
    return _hashed([key_of(v) for v in items(k)], n,
                   lambda uniq, rows: iasc(take_items(k, rows)).a)


def dense_codes(a, n):
    """Codes of an int64 array in ascending order, and how many distinct values."""
    if n == 0:
        return a, 1
    lo, hi = int(a.min()), int(a.max())
    if hi - lo <= DENSE * n + 1024:
        present = np.zeros(hi - lo + 1, dtype=bool)
        present[a - lo] = True
        rank = np.cumsum(present) - 1
        return rank[a - lo], int(rank[-1]) + 1
    uniq, codes = np.unique(a, return_inverse=True)
    return codes.reshape(-1).astype(np.int64), len(uniq)


def _hashed(hashable, n, ascending):
    """Codes by first appearance through a dict, renumbered in q's order: ascending(uniq,
    rows) orders the distinct values (uniq, in appearance order; rows, a row of each) and
    gives their positions in ascending order (symbols by Python's string order, as NumPy's
    unique sorts them; other values by iasc)."""
    pos = {}
    first = np.fromiter((pos.setdefault(h, len(pos)) for h in hashable), np.int64, n)
    uniq = list(pos)
    rows = np.zeros(len(uniq), np.int64)
    rows[first[::-1]] = np.arange(n - 1, -1, -1)       # the first row of each value
    order = ascending(uniq, rows)
    rank = np.empty(len(uniq), np.int64)
    rank[np.asarray(order, dtype=np.int64)] = np.arange(len(uniq))
    return rank[first], len(uniq)


# ---------------------------------------------------------------- vectorised aggregates

AGGREGATES = ("sum", "count", "first", "last")


def aggregate_spec(node):
    """(keyword, column name) of a phrase `kw name` that `aggregate` can compute."""
    if (isinstance(node, nd.Juxt) and isinstance(node.fn, nd.Name)
            and isinstance(node.arg, nd.Name) and node.fn.name in AGGREGATES):
        return node.fn.name, node.arg.name
    return None


def aggregate(spec, t, idx, g):
    """The column of `kw name` per group of g over rows idx of table t, or None when the
    column is not a simple vector of a handled type (the caller evaluates per group)."""
    kind, name = spec
    if name not in t.names:
        return Vec(J, g.sizes.astype(np.int64)) if kind == "count" and name == "i" else None
    col = t.cols[t.names.index(name)]
    if kind == "count":
        return Vec(J, g.sizes.astype(np.int64))
    if not isinstance(col, Vec):
        return None
    full = len(idx) == len(col.a)              # idx is then 0..n-1 (where keeps row order)
    if kind in ("first", "last"):
        rows = g.firsts if kind == "first" else g.lasts
        return Vec(col.t, col.a[rows if full else idx[rows]])
    st = SUM_TYPE.get(col.t)                   # sum: as words/aggregates.py, nulls skipped
    if st is None:
        return None
    v = col if full else Vec(col.t, col.a[idx])
    if st in FLOATING:
        a = np.where(np.isnan(v.a), 0, v.a).astype(np.float64)
        return Vec(st, np.add.reduceat(a[g.order], g.starts).astype(DTYPES[st]))
    return Vec(st, _wrap_int(np.add.reduceat(_int_work(v, 0)[g.order], g.starts), st))
