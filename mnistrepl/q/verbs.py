"""The glyph table: one row per operator glyph, with its unary (k) and binary forms.

`VERBS[glyph] = VerbDef(monad, dyad, ctx)`; ctx functions receive the interpreter first.
The primitives themselves live in atomic.py (arithmetic, comparison) and listops.py
(join, take, drop, find, cast, match, ...); this module only assembles the table.
"""
from dataclasses import dataclass

from . import atomic, listops
from .errors import QError


@dataclass(frozen=True)
class VerbDef:
    monad: object
    dyad: object
    ctx: bool = False
    more: object = None     # 3- and 4-argument forms, given the interpreter first


def _io_text(interp, x, y):
    raise QError("nyi")


def _dynamic_load(interp, x, y):
    """`lib 2:(`name;rank): a function a library provides (mnistrepl's libraries are
    built in: `` `ktorch 2:`fns,1 `` gives the k-api)."""
    from .values import Atom, List, Vec, items, S
    parts = items(y) if isinstance(y, (List, Vec)) else []
    if not (isinstance(x, Atom) and x.t == -S and len(parts) == 2 and isinstance(parts[0], Atom)
            and parts[0].t == -S and isinstance(parts[1], Atom) and parts[1].t != -S):
        raise QError("type")
    lib = x.v[1:] if x.v.startswith(":") else x.v
    fn = interp.libraries.get((lib.rsplit("/", 1)[-1], parts[0].v, int(parts[1].v)))
    if fn is None:
        raise QError(f"{lib}: cannot open shared object: no such library or function")
    return fn


def _right(interp, x, y):
    """(:)[x;y] returns y."""
    return y


VERBS = {
    "+": VerbDef(listops.flip, atomic.add),
    "-": VerbDef(listops.neg, atomic.sub),
    "*": VerbDef(listops.first, atomic.mul),
    "%": VerbDef(listops.reciprocal, atomic.fdiv),
    "&": VerbDef(listops.where, atomic.lesser),
    "|": VerbDef(listops.reverse, atomic.greater),
    "=": VerbDef(listops.group, atomic.eq),
    "<>": VerbDef(None, atomic.ne),
    "<": VerbDef(listops.iasc, atomic.lt),
    ">": VerbDef(listops.idesc, atomic.gt),
    "<=": VerbDef(None, atomic.le),
    ">=": VerbDef(None, atomic.ge),
    "~": VerbDef(listops.not_, listops.match),
    ",": VerbDef(listops.enlist1, listops.join),
    "#": VerbDef(listops.count_, listops.take, True),
    "_": VerbDef(listops.floor, listops.drop, True),
    "!": VerbDef(listops.key, listops.bang, True),
    "$": VerbDef(listops.string_, listops.dollar, True),
    "?": VerbDef(listops.distinct, listops.query, True, listops.query_n),
    "^": VerbDef(listops.null, listops.fill),
    "@": VerbDef(listops.type_, listops.at, True, listops.at_n),
    ".": VerbDef(listops.value, listops.dot, True, listops.dot_n),
    ":": VerbDef(None, _right, True),
    "0:": VerbDef(None, _io_text, True),
    "1:": VerbDef(None, _io_text, True),
    "2:": VerbDef(None, _dynamic_load, True),
}


def unary(glyph):
    d = VERBS.get(glyph)
    if d is None or d.monad is None:
        raise QError("rank")
    return d
