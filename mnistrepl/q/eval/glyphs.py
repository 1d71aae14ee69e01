"""The glyph table: one row per operator glyph, with its unary (k) and binary forms.

`VERBS[glyph] = VerbDef(monad, dyad, ctx, more)`. The unary form is the keyword of the same
meaning (`#x` is `count x`, `@x` is `type x`), so each monad is written once, in words/;
the binary forms are the primitives of prims/ (arithmetic and comparison in atomic.py).
ctx dyads and the 3-/4-argument forms receive the interpreter first.
"""
from dataclasses import dataclass

from .. import words  # noqa: F401  (fills KEYWORDS, whose entries are the monads)
from ..prims import apply, atomic, dicts, handles, join, shape
from ..qsql import functional
from ..words import linalg
from ..registry import KEYWORDS


@dataclass(frozen=True)
class VerbDef:
    monad: object           # a Builtin (called with `.call(interp, [x])`) or None
    dyad: object
    ctx: bool = False       # the dyad receives the interpreter first
    more: object = None     # 3- and 4-argument forms, given the interpreter first


def _right(interp, x, y):
    """(:)[x;y] returns y."""
    return y


K = KEYWORDS.entries

VERBS = {
    "+": VerbDef(K["flip"], atomic.add),
    "-": VerbDef(K["neg"], atomic.sub),
    "*": VerbDef(K["first"], atomic.mul),
    "%": VerbDef(K["reciprocal"], atomic.fdiv),
    "&": VerbDef(K["where"], atomic.lesser),
    "|": VerbDef(K["reverse"], atomic.greater),
    "=": VerbDef(K["group"], atomic.eq),
    "<>": VerbDef(None, atomic.ne),
    "<": VerbDef(K["iasc"], atomic.lt),
    ">": VerbDef(K["idesc"], atomic.gt),
    "<=": VerbDef(None, atomic.le),
    ">=": VerbDef(None, atomic.ge),
    "~": VerbDef(K["not"], join.match),
    ",": VerbDef(K["enlist"], join.join),
    "#": VerbDef(K["count"], shape.take, True),
    "_": VerbDef(K["floor"], shape.drop, True),
    "!": VerbDef(K["key"], dicts.bang, True, functional.bang_more),
    "$": VerbDef(K["string"], linalg.dollar, True),
    "?": VerbDef(K["distinct"], shape.query, True, functional.query_more),
    "^": VerbDef(K["null"], join.fill),
    "@": VerbDef(K["type"], apply.at, True, apply.at_n),
    ".": VerbDef(K["value"], apply.dot, True, apply.dot_n),
    ":": VerbDef(None, _right, True),
    "0:": VerbDef(None, handles.io_text, True),
    "1:": VerbDef(None, handles.io_text, True),
    "2:": VerbDef(None, handles.dynamic_load, True),
}
