"""qSQL: select / exec / update / delete (q-subset.md §10).

A query compiles its phrases in a dynamic unit: names look in a Frame (the columns at
the rows in play, `i`, the enclosing lambda's locals) before the globals. Errors in a
phrase are reported at the query keyword, as q reports its `?`/`!` call.
"""
import numpy as np

from ..syntax import nodes as nd
from ..syntax.unit import Unit
from ..errors import QError
from ..syntax.parser import ExplicitName
from .grouping import aggregate, aggregate_spec, grouping
from .rows import Frame, extend, keyed_parts, merge_column, rekey, spread, where_rows
from ..values import (S, Atom, Dict, List, Table, Vec, count, enlist, from_items, items, symvec,
                      take_items)
from ..prims.indexing import index


def compile_query(interp, node, unit):
    """The closure of a Query node: run(fr) -> the query's value."""
    punit = Unit(unit.src, unit.start, unit.names, dynamic=True)
    sunit = Unit(unit.src, unit.start, unit.names)
    comp = lambda e: interp.compile(e, punit)            # noqa: E731
    q = Compiled(interp, node.kind, [(n, comp(e)) for n, e in node.cols],
                 [(n, comp(e)) for n, e in node.by], [comp(e) for e in node.where],
                 interp.compile(node.source, sunit), [aggregate_spec(e) for _, e in node.cols])
    bad = _static_error(node)

    def run(fr):
        try:
            if bad is not None:
                e = QError(bad[0])
                e.pos, e.unit, e.depth = bad[1] - unit.start, unit, interp.depth
                raise e
            return q.run(fr)
        except QError as e:
            if e.pos is None and not e.signal or e.unit in (punit, sunit):
                e.pos, e.unit, e.depth = node.pos - unit.start, unit, interp.depth
            raise
    return run


def _static_error(node):
    """(name, pos) of the error q's parse of the query gives, or None: $[..] in a phrase
    is 'rank at the $; a by name reused as a column name is 'dup names for cols/groups."""
    phrases = [e for _, e in node.cols + node.by] + list(node.where)
    for e in phrases:
        c = _find_cond(e)
        if c is not None:
            return "rank", c.pos
    if node.kind in ("select", "exec"):
        dup = [n for n, _ in node.by if n in {m for m, _ in node.cols}]
        if dup:
            return "dup names for cols/groups " + dup[0], node.pos
    return None


def _find_cond(e):
    """The first Cond node inside a phrase (lambdas are their own scope), or None."""
    if isinstance(e, nd.Cond):
        return e
    if isinstance(e, (nd.LambdaNode, nd.Const)) or e is None:
        return None
    if isinstance(e, tuple):
        return next((c for c in map(_find_cond, e) if c is not None), None)
    fields = getattr(e, "__dataclass_fields__", ())
    for f in fields:
        c = _find_cond(getattr(e, f)) if f != "pos" else None
        if c is not None:
            return c
    return None


class Compiled:
    """A query with its phrases compiled to closures over a Frame (from qSQL text or
    from a functional form's parse trees); `run(fr)` evaluates it."""

    def __init__(self, interp, kind, cols, by, where, source, specs=None):
        self.interp, self.kind = interp, kind
        self.cols, self.by, self.where, self.source = cols, by, where, source
        # per column, (keyword, column) when `aggregate` computes it for all groups at once
        self.specs = specs or [None] * len(cols)

    def run(self, fr):
        src = self.source(fr)
        name = None
        if isinstance(src, Atom) and src.t == -S:
            name = src.v
            src = self.interp.lookup(name)
        if self.kind == "delete" and isinstance(src, Dict) and not isinstance(src.k, Table):
            return self._store(name, self._delete_dict(src))
        t, nk = keyed_parts(src)
        idx = where_rows(self.interp, t, np.arange(count(t)), self.where, fr)
        r = getattr(self, "_" + self.kind)(t, nk, idx, fr)
        if self.kind in ("update", "delete"):
            return self._store(name, r)
        return r

    def _store(self, name, value):
        if name is None:
            return value
        self.interp.assign_global(name, value)
        return Atom(-S, name)

    # ------------------------------------------------------------ phrase evaluation
    def _eval(self, t, rows, fr):
        """Values of the column phrases over rows."""
        f = Frame(t, rows, fr)
        return [fn(f) for _, fn in self.cols]

    def _groups(self, t, idx, fr):
        """(key values, Grouping of the positions in idx) of the by phrases over idx."""
        f = Frame(t, idx, fr)
        keys = [fn(f) for _, fn in self.by]
        g = grouping(keys, len(idx))
        kcols = [extend(k, len(idx)) if isinstance(k, Atom) else k for k in keys]
        kcols = [index(self.interp, k, [Vec(7, g.firsts)]) for k in kcols]
        return kcols, g

    def _per_group(self, t, idx, groups, fr, which=None):
        """Column phrase values per group: one list of group results per phrase (or per
        phrase numbered in `which`)."""
        cols = self.cols if which is None else [self.cols[j] for j in which]
        res = [[] for _ in cols]
        for g in groups:
            f = Frame(t, idx[g], fr)
            for j, (_, fn) in enumerate(cols):
                res[j].append(fn(f))
        return res

    def _group_columns(self, t, idx, g, fr):
        """One column per phrase over the groups: an aggregate of a column at once
        (grouping.aggregate), any other phrase evaluated group by group."""
        out = [aggregate(s, t, idx, g) if s is not None and len(idx) else None
               for s in self.specs]
        slow = [j for j, c in enumerate(out) if c is None]
        if slow:
            for j, r in zip(slow, self._per_group(t, idx, g.groups, fr, slow)):
                out[j] = _collect(r)
        return out

    # ------------------------------------------------------------ select
    def _select(self, t, nk, idx, fr):
        if self.by:
            return self._select_by(t, idx, fr)
        if not self.cols:
            return rekey(_rows(t, idx), nk)
        vals = self._eval(t, idx, fr)
        names = [n for n, _ in self.cols]
        return _table(names, vals)

    def _select_by(self, t, idx, fr):
        kcols, g = self._groups(t, idx, fr)
        bnames = [n for n, _ in self.by]
        if not self.cols:
            last = idx[g.lasts]
            vnames = [n for n in t.names if n not in bnames]
            vcols = [index(self.interp, t.cols[t.names.index(n)], [Vec(7, last)]) for n in vnames]
        else:
            vnames = [n for n, _ in self.cols]
            vcols = self._group_columns(t, idx, g, fr)
        return Dict(Table(bnames, kcols), Table(vnames, vcols))

    # ------------------------------------------------------------ exec
    def _exec(self, t, nk, idx, fr):
        names = [n for n, _ in self.cols]
        single = len(self.cols) == 1 and not isinstance(names[0], ExplicitName)
        if self.by:
            kcols, g = self._groups(t, idx, fr)
            bnames = [n for n, _ in self.by]
            if len(self.by) == 1 and not isinstance(bnames[0], ExplicitName):
                key = kcols[0]
            else:
                key = Table(bnames, kcols)
            if not self.cols:
                raise QError("nyi")
            res = self._group_columns(t, idx, g, fr)
            return Dict(key, res[0] if single else Table(names, res))
        if not self.cols:
            if not len(idx):
                raise QError("index")
            return index(self.interp, t, [Atom(-7, np.int64(idx[-1]))])
        vals = self._eval(t, idx, fr)
        if single:
            return vals[0]
        return Dict(symvec(names), from_items(vals) if vals else List([]))

    # ------------------------------------------------------------ update
    def _update(self, t, nk, idx, fr):
        n = count(t)
        if self.by:
            _, g = self._groups(t, idx, fr)
            groups = g.groups
            per = self._per_group(t, idx, groups, fr)
            vals = [spread([extend(v, len(g)) for v, g in zip(r, groups)], groups, len(idx))
                    for r in per]
        else:
            vals = [extend(v, len(idx)) for v in self._eval(t, idx, fr)]
        names, cols = list(t.names), list(t.cols)
        for (name, _), v in zip(self.cols, vals):
            if name in names:
                j = names.index(name)
                cols[j] = merge_column(cols[j], v, idx, n)
            else:
                names.append(name)
                cols.append(merge_column(None, v, idx, n))
        return rekey(Table(names, cols), nk)

    # ------------------------------------------------------------ delete
    def _delete(self, t, nk, idx, fr):
        if self.cols:
            if self.where:
                raise QError("nyi")
            drop = {n for n, _ in self.cols}
            if any(n in drop for n in t.names[:nk]):
                raise QError("type")
            keep = [j for j, n in enumerate(t.names) if n not in drop]
            return rekey(Table([t.names[j] for j in keep], [t.cols[j] for j in keep]), nk)
        mask = np.ones(count(t), dtype=bool)
        mask[idx] = False
        return rekey(_rows(t, np.nonzero(mask)[0]), nk)

    def _delete_dict(self, d):
        """delete k from d: the dictionary without the entries whose keys are named."""
        if self.where or not self.cols:
            raise QError("nyi")
        drop = {n for n, _ in self.cols}
        ks = items(d.k)
        keep = [j for j, k in enumerate(ks) if not (isinstance(k, Atom) and k.t == -S and k.v in drop)]
        sel = Vec(7, np.array(keep, dtype=np.int64))
        return Dict(index(self.interp, d.k, [sel]), index(self.interp, d.v, [sel]))


def _rows(t, idx):
    return Table(t.names, [take_items(c, idx) for c in t.cols])


def _table(names, vals):
    """select's result: aggregates alone make one row; otherwise atoms extend."""
    lists = [count(v) for v in vals if not isinstance(v, Atom)]
    if not lists:
        return Table(names, [enlist(v) for v in vals])
    n = lists[0]
    return Table(names, [extend(v, n) for v in vals])


def _collect(results):
    """One column from per-group results: atoms collapse to a vector, lists stay lists."""
    if not results:
        return List([])
    return from_items(results)
