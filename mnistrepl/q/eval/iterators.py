"""Iterators (q-subset.md §7): each, each-left, each-right, each-prior, over, scan.

`ITERATORS[adverb](interp, f, args)` runs the derived function `f<adverb>` on args;
the table is the specification, as for the glyphs in verbs.py.
"""
import numpy as np

from ..errors import QError
from ..functions import Fn, Lambda, Prim
from ..prims.join import join_all, same
from ..values import (IDENTITY, Atom, Dict, List, Table, Vec, count, from_items, items, long,
                      null_atom, truth, J, INTEGRAL)


def iterate(interp, derived, args):
    return ITERATORS[derived.adverb](interp, derived.fn, args)


def rank_of(f):
    """How many arguments f takes for iteration purposes (lists and dicts: 1)."""
    if isinstance(f, Prim):
        return 2
    if isinstance(f, Fn):
        r = f.rank
        return 2 if r is None else r
    return 1


def _conform(args):
    """Length of the list arguments (atoms extend); 'length when they differ."""
    n = None
    for a in args:
        if isinstance(a, (Vec, List, Dict, Table)):
            c = count(a)
            if n is None:
                n = c
            elif c != n:
                raise QError("length")
    return n


def _item(a, i):
    if isinstance(a, Vec):
        return Atom(-a.t, a.a[i])
    if isinstance(a, List):
        return a.items[i]
    if isinstance(a, (Dict, Table)):
        return items(a)[i]
    return a


def each(interp, f, args):
    """f'[x;y;..] / f each x: f on corresponding items (atoms extend)."""
    if isinstance(f, Vec) and f.t in INTEGRAL and len(f.a) and f.a.max() < len(args):
        return case(f, args)             # else l each i indexes l, as before
    if len(args) == 1 and isinstance(args[0], Dict) and not isinstance(args[0].k, Table):
        d = args[0]
        return Dict(d.k, each(interp, f, [d.v]))
    n = _conform(args)
    if n is None:
        return interp.apply(f, list(args))
    if n == 0:
        return List([])
    if len(args) == 1 and isinstance(f, Lambda) and f.rank == 1:
        return _each_lambda(interp, f, args[0], n)
    apply = interp.apply
    out = []
    for i in range(n):
        interp.check_stop() if i & 1023 == 1023 else None
        out.append(apply(f, [_item(a, i) for a in args]))
    return from_items(out)


def case(picks, args):
    """i'[a;b;..]: item k from args[i k], atoms repeated (code.kx.com/q/ref/maps#case)."""
    idx = picks.a.astype(np.int64)
    if idx.min() < 0:
        raise QError("domain")
    _conform([picks, *args])
    return from_items([_item(args[j], k) for k, j in enumerate(idx)])


def _each_lambda(interp, f, x, n):
    """f each x for a unary lambda: straight to its call, atoms made in one pass (none for
    long arithmetic over longs: its kernel steps the values)."""
    if isinstance(x, Vec) and x.t == J:
        kernel = interp.long_kernel(f)
        if kernel is not None:
            return Vec(J, _map_values(interp, kernel, x.a))
    call, out = interp.unary_caller(f), []
    its = [Atom(-x.t, v) for v in x.a] if isinstance(x, Vec) else [_item(x, i) for i in range(n)]
    for i, it in enumerate(its):
        if i & 1023 == 1023:
            interp.check_stop()
        out.append(call(it))
    return from_items(out)


def _map_values(interp, kernel, a):
    """kernel over the values of array a, into an array of its dtype (Ctrl-C between blocks
    of 1024)."""
    out = []
    for start in range(0, len(a), 1024):
        if start:
            interp.check_stop()
        out += map(kernel, a[start:start + 1024])
    return np.array(out, dtype=a.dtype)


def each_right(interp, f, args):
    if len(args) != 2:
        raise QError("rank")
    x, y = args
    if isinstance(y, Dict):
        return Dict(y.k, each_right(interp, f, [x, y.v]))
    if not isinstance(y, (Vec, List, Table)):
        return interp.apply(f, [x, y])
    return from_items([interp.apply(f, [x, b]) for b in items(y)]) if count(y) else List([])


def each_left(interp, f, args):
    if len(args) != 2:
        raise QError("rank")
    x, y = args
    if isinstance(x, Dict):
        return Dict(x.k, each_left(interp, f, [x.v, y]))
    if not isinstance(x, (Vec, List, Table)):
        return interp.apply(f, [x, y])
    return from_items([interp.apply(f, [a, y]) for a in items(x)]) if count(x) else List([])


PRIOR_SEED = {"+": 0, "-": 0, "*": 1, "%": 1}


def each_prior(interp, f, args):
    if len(args) == 2:
        seed, x = args
    elif len(args) == 1:
        x = args[0]
        seed = None
    else:
        raise QError("rank")
    if rank_of(f) == 1 and not isinstance(f, Prim):
        return each(interp, f, [x])
    if _plain_dict(x):                                # uniform: keeps the keys
        return Dict(x.k, each_prior(interp, f, list(args[:-1]) + [x.v]))
    its = items(x)
    if not its:
        return List([])
    if seed is None:
        g = getattr(f, "glyph", None)
        if g in PRIOR_SEED:
            seed = long(PRIOR_SEED[g])
        elif g == ",":                  # x[0],() would enlist: q keeps x[0] itself
            return from_items([its[0]] + [interp.apply(f, [b, a]) for a, b in zip(its, its[1:])])
        elif isinstance(x, Vec):
            seed = null_atom(x.t)
        else:
            seed = IDENTITY
    out, prev = [], seed
    for it in its:
        out.append(interp.apply(f, [it, prev]))
        prev = it
    return from_items(out)


IDENT_OVER = {"+": lambda: long(0), "*": lambda: long(1), "|": lambda: Atom(-J, np.int64(-(2**63 - 1))),
              "&": lambda: Atom(-J, np.int64(2**63 - 1)), ",": lambda: List([])}


def over(interp, f, args):
    return _fold(interp, f, args, scan=False)


def scan(interp, f, args):
    return _fold(interp, f, args, scan=True)


def _plain_dict(x):
    return isinstance(x, Dict) and not isinstance(x.k, Table)


def _fold(interp, f, args, scan):
    r = rank_of(f)
    if r == 1:
        return _unary_iter(interp, f, args, scan)
    if scan and len(args) <= 2 and _plain_dict(args[-1]):   # scan is uniform: keeps the keys
        return Dict(args[-1].k, _fold(interp, f, list(args[:-1]) + [args[-1].v], scan))
    if len(args) == 1:
        x = args[0]
        its = items(x) if isinstance(x, (Vec, List, Dict, Table)) else [x]
        if isinstance(x, Dict) and not scan:
            its = items(x.v)
        if not its:
            if scan:
                return x if isinstance(x, Vec) else List([])
            g = getattr(f, "glyph", None)
            return IDENT_OVER[g]() if g in IDENT_OVER else List([])
        if not scan and len(its) > 1 and getattr(f, "glyph", None) == ",":
            return join_all(its)                 # ,/ is raze: linear, not pair by pair
        acc, rest = its[0], its[1:]
        return _run_fold(interp, f, acc, [rest], scan, include_first=True)
    seed = args[0]
    lists = args[1:]
    n = _conform(lists)
    if n is None:
        seqs = [[a] for a in lists]
    else:
        seqs = [items(a) if isinstance(a, (Vec, List, Dict, Table)) else [a] * n for a in lists]
    return _run_fold(interp, f, seed, seqs, scan, include_first=False)


def _run_fold(interp, f, acc, seqs, scan, include_first):
    apply = interp.apply
    out = [acc] if include_first else []
    n = len(seqs[0]) if seqs else 0
    for i in range(n):
        if i & 1023 == 1023:
            interp.check_stop()
        acc = apply(f, [acc] + [s[i] for s in seqs])
        if scan:
            out.append(acc)
    if scan:
        return from_items(out) if out else List([])
    return acc


def _unary_iter(interp, f, args, scan):
    """Converge, do (n f/x) and while (t f/x) for a unary f."""
    if len(args) == 1:
        x = args[0]
        return _converge(interp, f, x, scan)
    if len(args) != 2:
        raise QError("rank")
    cond, x = args
    call = _caller(interp, f)
    out = [x] if scan else None
    if isinstance(cond, Atom) and -cond.t in INTEGRAL:
        n = int(cond.v)
        if n < 0:
            raise QError("domain")
        if not scan:
            kernel = _long_kernel(interp, f, x)
            if kernel is not None and n:
                return Atom(-J, _repeat(interp, kernel, n, x.v))
            return _repeat(interp, call, n, x)
        for i in range(n):
            if i & 1023 == 1023:
                interp.check_stop()
            x = call(x)
            out.append(x)
    else:
        test = _caller(interp, cond)
        i = 0
        while truth(test(x)):
            i += 1
            if i & 1023 == 1023:
                interp.check_stop()
            x = call(x)
            if scan:
                out.append(x)
    return from_items(out) if scan else x


def _repeat(interp, call, n, x):
    """n f/x: x through call n times, checking for Ctrl-C between blocks of 1024 calls."""
    for start in range(0, n, 1024):
        if start:
            interp.check_stop()
        for _ in range(min(1024, n - start)):
            x = call(x)
    return x


def _long_kernel(interp, f, x):
    """f's kernel (interp.long_kernel) when f is a unary lambda and x a long atom, else None."""
    if isinstance(f, Lambda) and f.rank == 1 and isinstance(x, Atom) and x.t == -J:
        return interp.long_kernel(f)
    return None


def _caller(interp, f):
    """A fast one-argument caller for f."""
    if isinstance(f, Lambda) and f.rank == 1:
        return interp.unary_caller(f)
    apply = interp.apply
    return lambda x: apply(f, [x])


def _converge(interp, f, x, scan):
    call = _caller(interp, f)
    first, prev = x, x
    out = [x]
    i = 0
    while True:
        i += 1
        if i & 1023 == 1023:
            interp.check_stop()
        nxt = call(prev)
        if same(nxt, prev) or same(nxt, first):
            break
        out.append(nxt)
        prev = nxt
    return from_items(out) if scan else prev


ITERATORS = {"'": each, "/:": each_right, "\\:": each_left, "':": each_prior,
             "/": over, "\\": scan}
