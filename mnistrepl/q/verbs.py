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
}


def unary(glyph):
    d = VERBS.get(glyph)
    if d is None or d.monad is None:
        raise QError("rank")
    return d
