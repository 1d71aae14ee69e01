"""Parse trees and the functional forms of qSQL (code.kx.com/q/basics/funsql,
/ref/eval): a parse tree is a list whose first item is a function (or a name of one)
applied to the evaluated rest; a symbol atom is a name; a one-item symbol vector is the
constant symbol and a one-item list its item, unevaluated; anything else is a constant.

    ?[t;c;b;a]   select (b: 0b or a by dict; a: () or a dict) or exec (b: () or a
                 column name; a: a column name or a dict)
    ![t;c;b;a]   update (a: a dict) or delete (a: column names, or none to drop rows)

    q)t:([]s:`a`b`a;v:1 2 3)
    q)?[t;enlist(=;`s;enlist`a);0b;(enlist`v)!enlist`v]
    v
    -
    1
    3
"""
from ..errors import QError
from ..prims.shape import query_n
from ..syntax.parser import ExplicitName
from ..functions import Prim
from ..values import B, IDENTITY, S, Atom, Dict, List, Vec, count, items, truth
from .query import Compiled
from . import control_tree


def eval_tree(interp, x, frame=None):
    """The value of parse tree x; names look in frame (query columns) first."""
    if isinstance(x, Atom) and x.t == -S:
        return _name(interp, x.v, frame)
    if isinstance(x, Vec) and x.t == S and len(x.a) == 1:
        return Atom(-S, x.a[0])
    if isinstance(x, List) and len(x.items) == 1:
        return x.items[0]                   # enlist quotes: ,y is y unevaluated
    if isinstance(x, List) and x.items:
        f = x.items[0]
        if control_tree.is_control(f):
            return control_tree.run(interp, f, x.items[1:],
                                    lambda t: eval_tree(interp, t, frame))
        op = control_tree.assign_op(f, x.items[1:])
        if op is not None:
            return control_tree.assign(interp, op, x.items[1], x.items[2],
                                       lambda t: eval_tree(interp, t, frame))
        if isinstance(f, Atom) and f.t == -S:
            f = _name(interp, f.v, frame)
        elif isinstance(f, List):
            f = eval_tree(interp, f, frame)
        elif isinstance(f, Prim) and f.glyph == "$" and len(x.items) > 3:
            return _cond(interp, x.items[1:], frame)
        args = [eval_tree(interp, a, frame) for a in reversed(x.items[1:])][::-1]
        return interp.apply(f, args) if args else f
    return x


def _cond(interp, parts, frame):
    """($;c;t;f;..), the tree of $[c;t;f;..]: only the branch taken is evaluated."""
    for i in range(0, len(parts) - 1, 2):
        if truth(eval_tree(interp, parts[i], frame)):
            return eval_tree(interp, parts[i + 1], frame)
    return eval_tree(interp, parts[-1], frame) if len(parts) % 2 else IDENTITY


def _name(interp, name, frame):
    if frame is not None:
        v = frame.get(name)
        if v is not None:
            return v
    return interp.lookup(name)


def _phrase(interp, tree):
    return lambda fr: eval_tree(interp, tree, fr)


def _constraints(interp, c):
    if isinstance(c, (List, Vec)) and count(c) == 0:
        return []
    if not isinstance(c, List):
        raise QError("type")
    return [_phrase(interp, tree) for tree in c.items]


def _named(interp, d):
    """(name, phrase) pairs of a dict of column name -> parse tree."""
    if not (isinstance(d, Dict) and isinstance(d.k, (Vec, Atom)) and abs(d.k.t) == S):
        raise QError("type")
    return [(ExplicitName(n), _phrase(interp, tree)) for n, tree in zip(d.k.a, items(d.v))]


def _empty(x):
    return isinstance(x, (List, Vec)) and count(x) == 0


def _run(interp, kind, t, where, by, cols):
    return Compiled(interp, kind, cols, by, where, lambda fr: t).run(None)


def select(interp, t, c, b, a):
    """?[t;c;b;a]: select when b is a boolean or a by dict, exec otherwise."""
    where = _constraints(interp, c)
    if isinstance(b, Atom) and b.t == -B:
        if b.v:
            raise QError("nyi")
        return _run(interp, "select", t, where, [], [] if _empty(a) else _named(interp, a))
    if isinstance(b, Dict):
        return _run(interp, "select", t, where, _named(interp, b),
                    [] if _empty(a) else _named(interp, a))
    by = [] if _empty(b) else _exec_part(interp, b)
    return _run(interp, "exec", t, where, by, _exec_part(interp, a))


def _exec_part(interp, x):
    if isinstance(x, Atom) and x.t == -S:
        return [(x.v, _phrase(interp, x))]
    if isinstance(x, Dict):
        return _named(interp, x)
    if _empty(x):
        return []
    return [("x", _phrase(interp, x))]


def update(interp, t, c, b, a):
    """![t;c;b;a]: update with a dict of new columns, delete with column names."""
    where = _constraints(interp, c)
    if isinstance(a, Dict):
        by = _named(interp, b) if isinstance(b, Dict) else []
        return _run(interp, "update", t, where, by, _named(interp, a))
    if _empty(a):
        return _run(interp, "delete", t, where, [], [])
    if isinstance(a, (Vec, Atom)) and abs(a.t) == S:
        names = [a.v] if isinstance(a, Atom) else list(a.a)
        return _run(interp, "delete", t, where, [], [(n, None) for n in names])
    raise QError("type")


def query_more(interp, *args):
    """`?` with 3 arguments is vector conditional; with 4 a functional select/exec."""
    if len(args) == 4:
        return select(interp, *args)
    return query_n(interp, *args)


def bang_more(interp, *args):
    """`!` with 4 arguments is a functional update/delete."""
    if len(args) != 4:
        raise QError("rank")
    return update(interp, *args)
