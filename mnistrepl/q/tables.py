"""Table literals `([k:..] c:..)` and keying (q-subset.md §9)."""
from .errors import QError
from .values import Atom, Dict, List, Table, Vec, count, from_items, enlist


def build_table(names, vals):
    n = max((count(v) for v in vals if not isinstance(v, Atom)), default=None)
    if n is None:
        if not vals:
            return Table([], [])
        n = 1
        vals = [enlist(v) for v in vals]
    cols = []
    for v in vals:
        if isinstance(v, Atom):
            v = from_items([v] * n)
        elif count(v) != n:
            raise QError("length")
        cols.append(v)
    return Table(names, cols)


def compile_table(interp, node, unit):
    keys = [(n, interp.compile(e, unit)) for n, e in node.keys]
    cols = [(n, interp.compile(e, unit)) for n, e in node.cols]

    def run(fr):
        kv = [(n, f(fr)) for n, f in reversed(keys)][::-1]
        cv = [(n, f(fr)) for n, f in reversed(cols)][::-1]
        if not kv:
            return build_table([n for n, _ in cv], [v for _, v in cv])
        t = build_table([n for n, _ in kv + cv], [v for _, v in kv + cv])
        return key_table(t, len(kv))
    return run


def key_table(t, n):
    if n > len(t.names):
        raise QError("length")
    return Dict(Table(t.names[:n], t.cols[:n]), Table(t.names[n:], t.cols[n:]))


def unkey(d):
    return Table(d.k.names + d.v.names, d.k.cols + d.v.cols)
