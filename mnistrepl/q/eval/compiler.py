"""Compiling syntax trees to closures (the evaluator's half of interp.py).

Each node becomes a closure `run(frame)`; `frame` is the dict of a lambda's locals (None
at top level). Arguments are evaluated right to left. When a primitive raises QError the
closure of its node records where (`pos`, the unit's source, the call depth) unless an
inner node already did; a signal `'x` is located one level up (q-subset.md §13). Python
exceptions from primitives become located q errors (guard.py).
"""
from ..syntax import nodes as nd
from ..errors import QError
from ..functions import Builtin, Composition, Derived, Fn, Lambda, Prim, Projection
from ..guard import PY_ERRORS, from_python
from ..prims.atomic import long_kernel
from ..values import HOLE, IDENTITY, S, Atom, List, Vec, from_items
from .assign import compile_assign
from .control import compile_cond, compile_control
from ..qsql.tables import compile_table
from ..qsql.query import compile_query

FAILURES = (QError,) + PY_ERRORS     # what a node's closure turns into a located q error

EMPTY = List([])


class _Return(Exception):
    def __init__(self, value):
        self.value = value


class Compiler:
    """Mixin of Interp: `compile(node, unit)` and one `_c_<Node>` method per node type."""

    # ------------------------------------------------------------ compiler
    def compile(self, node, unit):
        method = getattr(self, "_c_" + type(node).__name__)
        return method(node, unit)

    def _locate(self, e, pos, unit):
        if e.pos is None and not e.signal:
            e.pos = pos - unit.start
            e.unit = unit
            e.depth = self.depth

    def _at(self, exc, pos, unit):
        """The QError for a failure caught at node `pos`, located there unless an inner
        node already was (a stray Python exception becomes its nearest q error)."""
        e = exc if isinstance(exc, QError) else from_python(exc)
        self._locate(e, pos, unit)
        return e

    def _c_Const(self, node, unit):
        v = node.value
        return lambda fr: v

    def _c_Name(self, node, unit):
        name, pos, lookup = node.name, node.pos, self.lookup
        if unit.dynamic:
            def dyn(fr):
                v = fr.get(name) if fr is not None else None
                if v is not None:
                    return v
                try:
                    return lookup(name)
                except FAILURES as exc:
                    raise self._at(exc, pos, unit) from None
            return dyn
        if unit.names is not None and name in unit.names:
            return lambda fr: fr.get(name, EMPTY)

        def glob(fr):
            try:
                return lookup(name)
            except FAILURES as exc:
                raise self._at(exc, pos, unit) from None
        return glob

    def verb_value(self, name):
        """The function value of an operator glyph or infix keyword."""
        d = self.verbs.get(name)
        if d is not None:
            return Prim(name, d.monad, d.dyad, d.ctx, d.more)
        if name.endswith(":") and name[:-1] in self.verbs:
            d = self.verbs[name[:-1]]
            return Builtin(name, d.monad.fn, 1, d.monad.ctx)
        return self.lookup(name)

    def _c_Verb(self, node, unit):
        name, pos = node.name, node.pos

        def run(fr):
            try:
                return self.verb_value(name)
            except FAILURES as exc:
                raise self._at(exc, pos, unit) from None
        return run

    def _c_Adverbed(self, node, unit):
        inner = self.compile(node.fn, unit)
        adverb = node.adverb
        return lambda fr: Derived(inner(fr), adverb)

    def _c_Dyad(self, node, unit):
        pos = node.pos
        left = self.compile(node.left, unit)
        if node.right is None:                   # (2*): a projection
            verb = self.compile(node.verb, unit)
            return lambda fr: Projection(verb(fr), [left(fr), HOLE], shown=1)
        right = self.compile(node.right, unit)
        if isinstance(node.verb, nd.Verb) and node.verb.name in self.verbs:
            d = self.verbs[node.verb.name]
            fn = d.dyad
            quick = None if d.ctx else self._leaf_dyad(fn, node, unit)
            if quick is not None:
                return quick
            if d.ctx:
                def run_ctx(fr):
                    r = right(fr)
                    l = left(fr)
                    try:
                        return fn(self, l, r)
                    except FAILURES as exc:
                        raise self._at(exc, pos, unit) from None
                return run_ctx

            def run(fr):
                r = right(fr)
                l = left(fr)
                try:
                    return fn(l, r)
                except FAILURES as exc:
                    raise self._at(exc, pos, unit) from None
            return run
        verb = self.compile(node.verb, unit)

        def run_fn(fr):
            r = right(fr)
            l = left(fr)
            f = verb(fr)
            try:
                return self.apply(f, [l, r])
            except FAILURES as exc:
                raise self._at(exc, pos, unit) from None
        return run_fn

    def _leaf_operand(self, node, unit):
        """("c", value) for a constant, ("n", name) for a lambda's local name (read as
        fr.get(name, EMPTY), which cannot fail), else None: operands a dyad reads inline."""
        if isinstance(node, nd.Const):
            return "c", node.value
        if (isinstance(node, nd.Name) and not unit.dynamic and unit.names is not None
                and node.name in unit.names):
            return "n", node.name
        return None

    def _leaf_dyad(self, fn, node, unit):
        """`x+1`, `x*y`, `2*x`: a primitive dyad of local names and constants, with no
        closure call per operand (the commonest lambda bodies); None for other dyads. One
        of a single name also has `.unary = (name, run1, kernel)`: run1(x) the same with x
        for the name (a unary lambda whose body it is runs it without a frame), kernel
        None or the function of the value of a long x that gives its long value
        (atomic.long_kernel: `{x+1}` iterated with no atom made per step)."""
        left, right = self._leaf_operand(node.left, unit), self._leaf_operand(node.right, unit)
        if left is None or right is None or left[0] == right[0] == "c":
            return None
        (lk, lv), (rk, rv), pos, at = left, right, node.pos, self._at
        if lk == "n" and rk == "c":
            def name_const(fr):
                try:
                    return fn(fr.get(lv, EMPTY), rv)
                except FAILURES as exc:
                    raise at(exc, pos, unit) from None

            def name_const1(x):
                try:
                    return fn(x, rv)
                except FAILURES as exc:
                    raise at(exc, pos, unit) from None
            name_const.unary = lv, name_const1, long_kernel(fn, None, rv)
            return name_const
        if lk == "c":
            def const_name(fr):
                try:
                    return fn(lv, fr.get(rv, EMPTY))
                except FAILURES as exc:
                    raise at(exc, pos, unit) from None

            def const_name1(x):
                try:
                    return fn(lv, x)
                except FAILURES as exc:
                    raise at(exc, pos, unit) from None
            const_name.unary = rv, const_name1, long_kernel(fn, lv, None)
            return const_name

        def name_name(fr):
            try:
                return fn(fr.get(lv, EMPTY), fr.get(rv, EMPTY))
            except FAILURES as exc:
                raise at(exc, pos, unit) from None
        if lv == rv:
            def same_name1(x):
                try:
                    return fn(x, x)
                except FAILURES as exc:
                    raise at(exc, pos, unit) from None
            name_name.unary = lv, same_name1, long_kernel(fn, None, None)
        return name_name

    def _c_Monad(self, node, unit):
        pos = node.pos
        arg = self.compile(node.arg, unit)
        v = node.verb
        if isinstance(v, nd.Verb) and (v.name in self.verbs or v.name[:-1] in self.verbs):
            d = self.verbs.get(v.name) or self.verbs[v.name[:-1]]
            if d.monad is None:
                raise _located(QError("rank"), pos)
            fn, ctx = d.monad.fn, d.monad.ctx

            def run(fr):
                x = arg(fr)
                try:
                    return fn(self, x) if ctx else fn(x)
                except FAILURES as exc:
                    raise self._at(exc, pos, unit) from None
            return run
        verb = self.compile(v, unit)

        def run_fn(fr):
            x = arg(fr)
            f = verb(fr)
            try:
                return self.apply(f, [x])
            except FAILURES as exc:
                raise self._at(exc, pos, unit) from None
        return run_fn

    def _c_Juxt(self, node, unit):
        pos = node.pos
        fn = self.compile(node.fn, unit)
        arg = self.compile(node.arg, unit)
        apply = self.apply

        def run(fr):
            x = arg(fr)
            f = fn(fr)
            if x is IDENTITY and not isinstance(f, Fn):
                return f          # `3 ::` is 3: prefix x need not be applicable (3[::] is 'type)
            try:
                return apply(f, [x])
            except FAILURES as exc:
                raise self._at(exc, pos, unit) from None
        return run

    def _c_Apply(self, node, unit):
        pos = node.pos
        fn = self.compile(node.fn, unit)
        if len(node.args) == 1 and node.args[0] is None:
            args = [lambda fr: IDENTITY]          # f[] passes ::
        else:
            args = [(lambda fr: HOLE) if a is None else self.compile(a, unit) for a in node.args]
        args.reverse()
        apply = self.apply

        def run(fr):
            vals = [a(fr) for a in args]
            vals.reverse()
            f = fn(fr)
            try:
                return apply(f, vals)
            except FAILURES as exc:
                raise self._at(exc, pos, unit) from None
        return run

    def _c_Compose(self, node, unit):
        fns = [self.compile(f, unit) for f in node.fns]
        return lambda fr: Composition([f(fr) for f in fns])

    def _c_ListExpr(self, node, unit):
        if node.holes:
            return self._list_projection(node, unit)
        parts = [(lambda fr: IDENTITY) if a is None else self.compile(a, unit) for a in node.items]
        parts.reverse()

        def run(fr):
            vals = [p(fr) for p in parts]
            vals.reverse()
            return from_items(vals)
        return run

    def _list_projection(self, node, unit):
        """`("a";;"c")`: a projection of enlist whose holes are the empty items."""
        parts = [(lambda fr: HOLE) if a is None else self.compile(a, unit) for a in node.items]
        parts.reverse()
        enlist = Builtin("enlist", lambda *a: from_items(list(a)), None)

        def run(fr):
            vals = [p(fr) for p in parts]
            vals.reverse()
            return Projection(enlist, vals)
        return run

    def _c_LambdaNode(self, node, unit):
        return lambda fr: Lambda(node)

    def _c_Assign(self, node, unit):
        return compile_assign(self, node, unit)

    def _c_Cond(self, node, unit):
        return compile_cond(self, node, unit)

    def _c_Control(self, node, unit):
        return compile_control(self, node, unit)

    def _c_Signal(self, node, unit):
        arg = self.compile(node.arg, unit)
        pos = node.pos

        def run(fr):
            x = arg(fr)
            if isinstance(x, Atom) and x.t == -S:
                msg = x.v
            elif isinstance(x, Vec) and x.t == 10:
                msg = x.a.tobytes().decode("utf-8", "replace")
            else:                       # a char atom too: "q will not signal a char"
                e = QError("stype")
                self._locate(e, pos, unit)
                raise e
            e = QError(msg)
            e.signal = self.depth > 0
            e.sigpos = (pos - unit.start, unit)
            if not e.signal:
                self._locate(e, pos, unit)
            raise e
        return run

    def _c_Return(self, node, unit):
        arg = (lambda fr: IDENTITY) if node.arg is None else self.compile(node.arg, unit)

        def run(fr):
            raise _Return(arg(fr))
        if unit.names is None:              # :x at top level just yields x
            return arg
        return run

    def _c_TableExpr(self, node, unit):
        return compile_table(self, node, unit)

    def _c_Query(self, node, unit):
        return compile_query(self, node, unit)


def _located(e, pos):
    e.pos = pos
    return e


