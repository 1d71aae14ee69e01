"""Syntax tree of q: frozen dataclasses, never changed after parsing.

`pos` is the offset of the node's key character (the operator glyph, the name, the start
of an applied term) in the source text the parser was given; error carets point there.
"""
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Const:
    value: object
    pos: int


@dataclass(frozen=True, slots=True)
class Name:
    name: str
    pos: int


@dataclass(frozen=True, slots=True)
class Verb:
    """An operator glyph (`+`, `<=`, `,`) or an infix keyword (`mod`, `each`) as a function."""
    name: str
    pos: int


@dataclass(frozen=True, slots=True)
class Adverbed:
    """`fn` with an iterator: `+/`, `f'`, `,\\:`."""
    fn: object
    adverb: str
    pos: int


@dataclass(frozen=True, slots=True)
class ListExpr:
    """`(a;b;c)`; a None item is an empty slot: `("a";;"c")` is a list projection."""
    items: tuple
    pos: int
    holes: bool = False


@dataclass(frozen=True, slots=True)
class Apply:
    """`f[a;b]`; a None argument is a hole (projection)."""
    fn: object
    args: tuple
    pos: int


@dataclass(frozen=True, slots=True)
class Juxt:
    """`f x`: application by juxtaposition."""
    fn: object
    arg: object
    pos: int


@dataclass(frozen=True, slots=True)
class Dyad:
    """`x v y`; right is None for a left projection `(2*)`."""
    verb: object
    left: object
    right: object
    pos: int


@dataclass(frozen=True, slots=True)
class Monad:
    """A verb applied with no left argument: `-x`, `#x`, `+/[x]` written as `(+/) x`."""
    verb: object
    arg: object
    pos: int


@dataclass(frozen=True, slots=True)
class Compose:
    """`f g` where g is a verb without its right argument: a composition."""
    fns: tuple
    pos: int


@dataclass(frozen=True, slots=True)
class LambdaNode:
    src: str
    params: tuple
    body: tuple          # statements; None is an empty statement
    rank: int
    locals: frozenset
    start: int           # offset of `{` in the parsed text


@dataclass(frozen=True, slots=True)
class Assign:
    """`n:v`, `n::v`, `n op: v`, `n[i]:v`, `n[i] op: v`."""
    name: str
    indices: object      # None or tuple of index nodes (None = elided)
    op: object           # None for plain assignment, else the verb node
    value: object
    glob: bool
    pos: int


@dataclass(frozen=True, slots=True)
class Cond:
    """`$[c;t;f;...]`."""
    args: tuple
    pos: int


@dataclass(frozen=True, slots=True)
class Control:
    """`if[..]`, `do[..]`, `while[..]`."""
    word: str
    args: tuple
    pos: int


@dataclass(frozen=True, slots=True)
class Signal:
    arg: object
    pos: int


@dataclass(frozen=True, slots=True)
class Return:
    arg: object
    pos: int


@dataclass(frozen=True, slots=True)
class TableExpr:
    """`([k:..] c:..; d)`: keys and columns are tuples of (name or None, node)."""
    keys: tuple
    cols: tuple
    pos: int


@dataclass(frozen=True, slots=True)
class Query:
    """qSQL: kind is select/exec/update/delete; cols and by are tuples of (name, node)."""
    kind: str
    cols: tuple
    by: tuple
    source: object
    where: tuple
    pos: int
