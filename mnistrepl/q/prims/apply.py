"""The 3- and 4-argument forms of `@` and `.`: trap and amend (q-subset.md §8).

    q)@[{1+x};`a;{"bad: ",x}]  / trap at
    "bad: type"
    q).[+;(1;`a);`err]  / trap
    `err
    q)@[10 20 30;1;+;5]  / amend at
    10 25 30
    q).[(1 2;3 4);1 0;:;9]  / amend at depth
    1 2
    9 4
    q)x:1 2 3
    q)@[`x;0;:;1]  / amends the global x
    `x
"""
from ..errors import QError
from ..functions import Fn, Prim
from ..values import IDENTITY, S, Atom, List, Vec, items, string
from .indexing import _combine, BadPath, amend, index
from ..inplace import owned


def _msg(e):
    """The text a trap handler receives: the error name without the quote."""
    return string(e.name)


def _handler(interp, e, handler):
    if e.name == "stop":                 # Ctrl-C is never trapped
        raise e
    if isinstance(handler, Fn):
        return interp.apply(handler, [_msg(e)])
    return handler


def at_n(interp, x, i, f, y=None, *more):
    """@[x;i;f] / @[x;i;f;y] amend at; @[f;x;e] trap at."""
    if more:
        raise QError("rank")
    if y is None and isinstance(x, Fn):
        try:
            return interp.apply(x, [i])
        except QError as e:
            return _handler(interp, e, f)
    return _amend_named(interp, x, [i], f, y)


def dot_n(interp, x, i, f, y=None, *more):
    """.[x;(i;j);f] / .[x;(i;j);f;y] amend at depth; .[f;args;e] trap."""
    if more:
        raise QError("rank")
    if y is None and isinstance(x, Fn):
        try:
            return dot(interp, x, i)
        except QError as e:
            return _handler(interp, e, f)
    if i is IDENTITY:
        path = [IDENTITY]
    else:
        path = list(items(i)) if isinstance(i, (Vec, List)) else [i]
    if not path:                              # .[d;();f;y] applies to the whole value
        fn = None if _is_assign(f) else f
        _check_fn(fn, y)
        return _store(interp, x, _combine(interp, _deref(interp, x), fn, y))
    return _amend_named(interp, x, path, f, y)


def _deref(interp, x):
    return interp.lookup(x.v) if _is_name(x) else x


def _store(interp, x, new):
    if _is_name(x):
        interp.assign_global(x.v, new)
        return x
    return new


def _is_name(x):
    return isinstance(x, Atom) and x.t == -S


def _check_fn(fn, y):
    if fn is None and y is None:
        raise QError("type")


def _amend_named(interp, x, path, f, y):
    target = owned(interp.globals, x.v) if _is_name(x) else None
    own = target is not None                  # a global vector nothing else holds
    if not own:
        target = _deref(interp, x)
    fn = None if _is_assign(f) else f
    if fn is None and y is None:              # @[x;i;:] has nothing to assign
        raise QError("rank")
    if y is None and not isinstance(fn, Fn) and not isinstance(fn, (Vec, List)):
        raise QError("type")
    try:
        new = amend(interp, target, path, fn, y, own)
    except BadPath as e:
        raise QError("index") from e
    return _store(interp, x, new)


def _is_assign(f):
    return isinstance(f, Prim) and f.glyph == ":"


def at(interp, x, y):
    """x@y  index/apply at one argument."""
    return interp.apply(x, [y])


def dot(interp, x, y):
    """x . y  apply x to the items of y / index at depth."""
    if isinstance(y, (Vec, List)):
        args = list(items(y))
        if not args:
            return interp.apply(x, [IDENTITY]) if isinstance(x, Fn) else x
    elif y is IDENTITY:
        return x if not isinstance(x, Fn) else interp.apply(x, [IDENTITY])
    else:
        args = [y]
        if not isinstance(x, Fn):
            raise QError("rank")
    if isinstance(x, Fn) or (isinstance(x, Atom) and x.t == -S):
        if isinstance(x, Fn) and x.rank is not None and len(args) > x.rank:
            raise QError("rank")
        return interp.apply(x, args)
    return index(interp, x, args)
