"""q keywords bound with @qfunc: lists, aggregates, evaluation and output.
Arithmetic keywords are in math.py, text keywords in text.py."""
import numpy as np

from ..prims import unary
from ..prims.atomic import pervade1
from ..prims.join import join_all
from ..errors import QError
from ..functions import Derived
from ..registry import KEYWORDS
from ..values import (key_of, B, C, E, H, I, J, S, X, INTEGRAL, FLOATING, NAN_NULL, IDENTITY, Atom, Dict, List,
                      Table, Vec, count, enlist, from_items, items, long, vec, string,
                      null_atom)

from ..prims.unary import check_size
from ..output.display import console, atom_text, float_text, fn_text
from ..prims.indexing import index
from .files import is_handle, write_data

kw = KEYWORDS.qfunc


@kw("til", rank=1)
def til(x):
    """til n: 0..n-1.

    q)til 5
    0 1 2 3 4
    """
    if not isinstance(x, Atom) or -x.t not in INTEGRAL:
        raise QError("type")
    n = int(x.v)
    if n < 0:
        raise QError("domain")
    check_size(n)
    return Vec(J, np.arange(n, dtype=np.int64))


@kw("count", rank=1)
def count_(x):
    """count x: number of items.

    q)count 1 2 3
    3
    """
    return long(count(x))


@kw("last", rank=1)
def last(x):
    if isinstance(x, Vec):
        return Atom(-x.t, x.a[-1]) if len(x.a) else null_atom(x.t)
    if isinstance(x, List):
        return x.items[-1] if x.items else IDENTITY
    if isinstance(x, Dict):
        return last(x.v)
    if isinstance(x, Table):
        return items(x)[-1]
    return x


@kw("enlist", rank=None)
def enlist_(*xs):
    """enlist x: a one-item list; enlist[a;b] a list of the arguments."""
    if len(xs) == 1:
        return enlist(xs[0])
    return from_items(list(xs))


@kw("raze", rank=1)
def raze(x):
    """raze x: join the items of x.

    q)raze (1 2;3)
    1 2 3
    """
    if isinstance(x, Dict):
        x = x.v
    if isinstance(x, List):
        if not x.items:
            return x
        if len(x.items) > 1:
            return join_all(x.items)
        return x.items[0] if isinstance(x.items[0], (Vec, List)) else enlist(x.items[0])
    if isinstance(x, Atom):
        return enlist(x)
    return x


@kw("type", rank=1)
def type_(x):
    return Atom(-H, np.int16(x.t))


@kw("key", rank=1, ctx=True)
def key(interp, x):
    """key d: keys of a dictionary; key n: til n; key of a keyed table its key table."""
    if isinstance(x, Dict):
        return x.k
    if isinstance(x, Atom) and -x.t in INTEGRAL:
        return til(x)
    if isinstance(x, Table):
        return List([])
    if isinstance(x, Atom) and x.t == -S:
        v = interp.lookup(x.v)
        return key(interp, v)
    raise QError("type")


@kw("show", rank=1, ctx=True)
def show(interp, x):
    """show x: write the console form of x, return ::."""
    for line in console(x, interp.rows, interp.cols, interp.precision):
        interp.host.write(1, line + "\n")
    return IDENTITY


@kw("string", rank=1, ctx=True)
def string_(interp, x):
    """string x: each atom as a string (atomic); symbols give their names."""
    p = interp.precision

    def one(a):
        t = -a.t
        if t == C:
            return enlist(a)
        if t == S:
            return string(a.v)
        if t in FLOATING:
            s = float_text(a.v, p)
            return string(s)
        s = atom_text(a, p)
        if t in (B, H, I, E) or (t == X):
            s = s[2:] if t == X else s[:-1]
        return string(s)

    def text_of(v):
        if isinstance(v, Atom):
            return one(v)
        if isinstance(v, Vec):
            return List([one(a) for a in items(v)])
        return string(fn_text(v, p))           # a function: its source text
    return pervade1(text_of, x, leaf=lambda v: not isinstance(v, (List, Dict, Table)), join=List)


@kw("distinct", rank=1)
def distinct(x):
    """distinct x: unique items in order of first occurrence."""
    if isinstance(x, Vec):
        if x.t == S:
            seen = list(dict.fromkeys(x.a.tolist()))
            return vec(S, seen)
        _, idx = np.unique(x.a, return_index=True) if x.t not in FLOATING else _float_unique(x.a)
        return Vec(x.t, x.a[np.sort(idx)])
    its = items(x)
    seen, out = set(), []
    for it in its:
        k = key_of(it)
        if k not in seen:
            seen.add(k)
            out.append(it)
    if isinstance(x, Table):
        return from_items(out) if out else x
    return from_items(out)


def _float_unique(a):
    keys = [("nan" if np.isnan(v) else v) for v in a.tolist()]
    first = {}
    for i, k in enumerate(keys):
        first.setdefault(k, i)
    return None, np.array(list(first.values()), dtype=np.int64)


@kw("asc", rank=1, ctx=True)
def asc(interp, x):
    """asc x: sorted ascending; a simple vector result is marked sorted (`s#)."""
    if isinstance(x, Dict):
        i = unary.iasc(x.v)
        return Dict(index(interp, x.k, [i]), index(interp, x.v, [i]))
    if isinstance(x, Table):
        return sort_table(interp, x, x.names, False)
    if _plain_sort(x):
        return Vec(x.t, np.sort(x.a, kind="stable"), sorted=True)
    r = index(interp, x, [unary.iasc(x)])
    if isinstance(r, Vec):
        r = Vec(r.t, r.a, sorted=True)
    return r


def _plain_sort(x, floats=True):
    """Whether NumPy's own sort of x's array gives asc x: numbers without nulls to place
    first (float ties -0 and 0 keep their order only ascending: floats=False for desc)."""
    if not isinstance(x, Vec) or x.t == S:
        return False
    if x.t in NAN_NULL:
        return floats and not np.isnan(x.a).any()
    return True


@kw("desc", rank=1, ctx=True)
def desc(interp, x):
    if isinstance(x, Dict):
        i = unary.idesc(x.v)
        return Dict(index(interp, x.k, [i]), index(interp, x.v, [i]))
    if isinstance(x, Table):
        return sort_table(interp, x, x.names, True)
    if _plain_sort(x, floats=False):
        return Vec(x.t, np.sort(x.a)[::-1].copy())
    return index(interp, x, [unary.idesc(x)])


def sort_table(interp, t, names, descending):
    """Simple table t sorted on columns `names` (the first the major key), stably."""
    order = np.arange(count(t))
    for n in reversed(names):
        col = index(interp, t.cols[t.names.index(n)], [Vec(J, order)])
        g = unary.idesc(col) if descending else unary.iasc(col)
        order = order[g.a]
    return index(interp, t, [Vec(J, order.astype(np.int64))])


@kw("cols", rank=1, ctx=True)
def cols(interp, t):
    if isinstance(t, Atom) and t.t == -S:
        t = interp.lookup(t.v)
    if isinstance(t, Table):
        return vec(S, t.names)
    if isinstance(t, Dict) and isinstance(t.k, Table):
        return vec(S, t.k.names + t.v.names)
    raise QError("type")


# ---------------------------------------------------------------- iteration keywords

def _iter_kw(adverb):
    def run(interp, f, x):
        return interp.apply(Derived(f, adverb), [x])
    return run


# the unary k forms written in prims/unary.py, under their keyword names
for _name, _fn in {"first": unary.first, "reverse": unary.reverse, "where": unary.where,
                   "group": unary.group, "flip": unary.flip, "null": unary.null,
                   "not": unary.not_, "neg": unary.neg, "iasc": unary.iasc,
                   "idesc": unary.idesc, "reciprocal": unary.reciprocal}.items():
    KEYWORDS.add(_name, _fn, 1)

KEYWORDS.add("each", _iter_kw("'"), 2, ctx=True)
KEYWORDS.add("peach", _iter_kw("'"), 2, ctx=True)
KEYWORDS.add("over", _iter_kw("/"), 2, ctx=True)
KEYWORDS.add("scan", _iter_kw("\\"), 2, ctx=True)
KEYWORDS.add("prior", _iter_kw("':"), 2, ctx=True)


# ---------------------------------------------------------------- exit and set

@kw("exit", rank=1, ctx=True)
def exit_(interp, x):
    """exit n: leave with status n (an integer atom, else 'type, as q's reference says);
    the system keeps its low 8 bits, as exit(3) does; reval blocks it ('access)."""
    if interp.readonly:
        raise QError("access")
    if not (isinstance(x, Atom) and -x.t in INTEGRAL):
        raise QError("type")
    raise SystemExit(int(x.v) & 0xFF)


@kw("set", rank=2, ctx=True)
def set_(interp, name, v):
    """`n set v: assign the global n, return `n."""
    if not (isinstance(name, Atom) and name.t == -S):
        raise QError("type")
    if is_handle(name):
        return write_data(interp, name, v)
    interp.assign_global(name.v, v)
    return name
