"""parse, eval and reval (code.kx.com/q/ref/parse, /eval): q text to the parse tree q
gives it, and parse trees back to values.

    q)parse "1+x"
    +
    1
    `x
    q)eval (+;1;2)
    3
"""
from ..errors import QError
from .control_tree import is_control
from .functional import eval_tree
from ..registry import KEYWORDS
from ..syntax import nodes as nd
from ..syntax.parser import ExplicitName, Parser
from ..inplace import locked
from ..words.files import is_handle, read_data
from ..functions import Builtin, Composition, Derived, Iterator, Prim, Projection
from ..values import (C, HOLE, char, IDENTITY, J, S, Atom, Dict, List, Vec, boolean, enlist, from_items,
                      symvec, to_py_str)


@KEYWORDS.qfunc("eval", rank=1, ctx=True)
def eval_(interp, x):
    """eval t: the value of parse tree t."""
    return eval_tree(interp, x)


@KEYWORDS.qfunc("value", rank=1, ctx=True)
def value(interp, x):
    """value x (code.kx.com/q/ref/value): a dictionary's values, a string evaluated, a
    global by name, a list evaluated as a parse tree (a string or symbol first item is
    evaluated first), a projection as (f;args..), a composition as its functions, a
    derived function as its iterator's argument, an operator as its internal code."""
    if isinstance(x, Dict):
        return x.v
    if isinstance(x, Vec) and x.t == C:
        return interp.eval(to_py_str(x))
    if isinstance(x, Atom) and x.t == -S:
        return interp.lookup(x.v)
    if isinstance(x, List) and x.items:
        return _value_list(interp, x.items)
    if isinstance(x, Projection):
        return List([x.fn] + [IDENTITY if a is HOLE else a for a in x.args[:x.shown]])
    if isinstance(x, Composition):
        return from_items(x.fns)
    if isinstance(x, Derived):
        return x.fn
    code = internal_code(interp, x)
    return x if code is None else Atom(-J, code)


# k's primitives in the order of their internal codes: `value each (::;+;-;*;%)` is
# 0 1 2 3 4 and `value each (get;value)` is 19 19 (code.kx.com/q/ref/value); a unary form
# (`-:`, and the keywords q defines as one: neg, count, value..) has its glyph's code
K_PRIMITIVES = ":+-*%&|^=<>$,#_~!?@."
UNARY_ALIASES = {"get": "."}         # get is value under another name


def internal_code(interp, x):
    """The code of an operator, of `::` or of a unary primitive; None for other values."""
    if x is IDENTITY:
        return 0
    glyph = None
    if isinstance(x, Prim):
        glyph = x.glyph
    elif isinstance(x, Builtin):
        glyph = UNARY_ALIASES.get(x.name) or _monad_glyph(interp, x)
    return K_PRIMITIVES.index(glyph) if glyph and len(glyph) == 1 and glyph in K_PRIMITIVES \
        else None


def _monad_glyph(interp, fn):
    """`-` for neg and for `-:` (the glyph whose unary form fn is)."""
    if len(fn.name) == 2 and fn.name[1] == ":":
        return fn.name[0]
    return next((g for g, d in interp.verbs.items() if d.monad is fn), None)


def _value_list(interp, xs):
    f = xs[0]
    if isinstance(f, Vec) and f.t == C:
        f = interp.eval(to_py_str(f))
    elif is_control(f):
        pass                            # (`do;n;e): the control word, not a name
    elif isinstance(f, Atom) and f.t == -S:
        f = interp.lookup(f.v)
    return eval_tree(interp, List([f] + xs[1:]))


@KEYWORDS.qfunc("get", rank=1, ctx=True)
def get(interp, x):
    """get `:f reads a data file written by set; otherwise get is value."""
    return read_data(interp, x) if is_handle(x) else value(interp, x)


@KEYWORDS.qfunc("reval", rank=1, ctx=True)
def reval(interp, x):
    """reval t: eval of t read-only, as q's -b and -u 1 (code.kx.com/q/ref/eval#reval):
    a global update is `'noupdate: `. `a`, file writes, OS commands, commands that change
    the session and exit are 'access; reads stay under the working directory."""
    interp.readonly += 1
    try:
        with locked(interp.globals):
            return eval_tree(interp, x)
    finally:
        interp.readonly -= 1


@KEYWORDS.qfunc("parse", rank=1, ctx=True)
def parse(interp, x):
    """parse s: the parse tree of the q text s (its last statement)."""
    stmts = Parser().parse(to_py_str(x))
    if not any(s is not None for s in stmts):
        raise QError("parse")
    tree = Tree(interp)
    if len(stmts) == 1:
        return tree.of(stmts[0])
    return List([char(";")] + [tree._arg(s) for s in stmts])    # a block, as k's (";";..)


class Tree:
    """Syntax nodes to q parse trees: applications as (f;args..), names as symbols,
    constant symbols enlisted."""

    def __init__(self, interp):
        self.interp = interp

    def of(self, node):
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            raise QError("nyi")
        return method(node)

    def _Const(self, node):
        v = node.value
        if isinstance(v, (Atom, Vec)) and abs(v.t) == S:
            return List([v]) if isinstance(v, Vec) else enlist(v)
        return v

    def _Name(self, node):
        """A keyword is its function (as q's parse gives it); other names are symbols."""
        if node.name in self.interp.keywords and node.name not in self.interp.globals:
            return self.interp.keywords[node.name]
        return Atom(-S, node.name)

    def _Verb(self, node):
        return self.interp.verb_value(node.name)

    def _Dyad(self, node):
        return List([self.of(node.verb), self.of(node.left), self.of(node.right)])

    def _Monad(self, node):
        v = node.verb
        f = self.interp.verb_value(v.name + ":") if isinstance(v, nd.Verb) else self.of(v)
        return List([f, self.of(node.arg)])

    def _Adverbed(self, node):
        """`+/` is (/;+): the iterator applied to its value."""
        return List([Iterator(node.adverb), self.of(node.fn)])

    def _Juxt(self, node):
        return List([self.of(node.fn), self.of(node.arg)])

    def _Apply(self, node):
        return List([self.of(node.fn)] + [self.of(a) for a in node.args])

    def _ListExpr(self, node):
        return List([self.interp.lookup("enlist")] + [self.of(a) for a in node.items])

    def _Cond(self, node):
        """$[c;t;f] is ($;c;t;f); eval takes only the branch chosen."""
        return List([self.interp.verb_value("$")] + [self._arg(a) for a in node.args])

    def _Control(self, node):
        """if[c;e..] is (`if;c;e..): the control word stays a symbol, as in k."""
        return List([Atom(-S, node.word)] + [self._arg(a) for a in node.args])

    def _Signal(self, node):
        """'x is ("'";x), the head a char (k's form)."""
        return List([char("'"), self.of(node.arg)])

    def _arg(self, node):
        return IDENTITY if node is None else self.of(node)

    def _LambdaNode(self, node):
        return self.interp.compile(node, None)(None)

    def _Assign(self, node):
        """a:v is (:;`a;v), a[i]:v (:;(`a;i);v); a+:v is (+:;`a;v), the operator's unary
        form at the head, as k (-5!) gives them."""
        if not (node.op is None or _glyph(node.op)):
            raise QError("nyi")
        head = ":" if node.op is None else node.op.name + ":"
        target = Atom(-S, node.name)
        if node.indices is not None:
            target = List([target] + [self._arg(i) for i in node.indices])
        return List([self.interp.verb_value(head), target, self.of(node.value)])

    def _Query(self, node):
        """(?;t;c;b;a) or (!;t;c;b;a), as q's functional form."""
        trees = [self.of(e) for e in node.where]
        where = List([List(trees)]) if trees else List([])      # quoted: eval gives the list
        cols = self._named(node.cols)
        if node.kind == "select":
            by = self._named(node.by) if node.by else boolean(False)
            return List([self.interp.verb_value("?"), self.of(node.source), where, by, cols])
        if node.kind == "exec":
            by = self._named(node.by) if node.by else List([])
            if len(node.cols) == 1 and not isinstance(node.cols[0][0], ExplicitName):
                tree = self.of(node.cols[0][1])            # quoted, as the where list
                cols = enlist(tree) if isinstance(tree, Atom) else List([tree])
            return List([self.interp.verb_value("?"), self.of(node.source), where, by, cols])
        if node.kind == "update":
            by = self._named(node.by) if node.by else boolean(False)
            return List([self.interp.verb_value("!"), self.of(node.source), where, by, cols])
        names = symvec([n for n, _ in node.cols])
        return List([self.interp.verb_value("!"), self.of(node.source), where, boolean(False),
                     List([names]) if len(names.a) else List([])])

    def _named(self, pairs):
        if not pairs:
            return List([])
        return Dict(symvec([n for n, _ in pairs]), from_items([self.of(e) for _, e in pairs]))


def _glyph(op):
    return isinstance(op, nd.Verb) and len(op.name) == 1
