"""The evaluator: compiles syntax trees to Python closures and runs them.

Each node becomes a closure `run(frame)`; `frame` is the dict of a lambda's locals (None
at top level). Arguments are evaluated right to left. When a primitive raises QError the
closure of its node records where (`pos`, the unit's source, the call depth) unless an
inner node already did; a signal `'x` is located one level up (q-subset.md §13).
"""
import sys

import numpy as np

from . import nodes as nd
from .errors import QError, Stop
from .functions import Builtin, Composition, Derived, Fn, Lambda, Prim, Projection
from .parser import Parser
from .registry import KEYWORDS, SYSTEM
from .values import (HOLE, IDENTITY, J, S, Atom, Dict, List, Table, Vec, from_items, items, sym)

MAX_DEPTH = 400
EMPTY = List([])


class Unit:
    """A compiled piece of source: an input line, a script statement or a lambda body."""
    __slots__ = ("src", "start", "names", "dynamic")

    def __init__(self, src, start=0, names=None, dynamic=False):
        self.src = src              # its text (for error reports)
        self.start = start          # offset of src in the parsed text
        self.names = names          # local names of a lambda, None at top level
        self.dynamic = dynamic      # qSQL phrase: names look in the frame first


class _Return(Exception):
    def __init__(self, value):
        self.value = value


class Interp:
    """A q interpreter: global namespace, console settings and the evaluator."""

    def __init__(self, host=None):
        from . import builtins, verbs, system  # noqa: F401  (fill KEYWORDS / SYSTEM)
        self.verbs = verbs.VERBS
        self.host = host
        self.globals = {}
        self.keywords = dict(KEYWORDS.entries)
        self.natives = {}
        self.parser = Parser()
        self.rows, self.cols, self.precision = 25, 80, 7
        self.depth = 0
        self.stop_requested = False
        self.rng = np.random.default_rng(42)
        self._code = {}
        for name, b in SYSTEM.entries.items():
            self.globals[name] = b
        system.init_names(self)
        sys.setrecursionlimit(max(sys.getrecursionlimit(), 20000))

    # ------------------------------------------------------------ public api
    def install(self, registry):
        """Make a registry's functions callable by name (the k-api uses this)."""
        self.natives.update(registry.entries)

    def eval_text(self, src):
        """Run one top-level text. Returns (value, show): show is False when q prints
        nothing (trailing ;, assignment, ::)."""
        stmts = self.parser.parse(src)
        unit = Unit(src)
        value, last = IDENTITY, None
        for st in stmts:
            last = st
            value = IDENTITY if st is None else self.compile(st, unit)(None)
        show = not (last is None or isinstance(last, nd.Assign) or value is IDENTITY)
        return value, show

    def eval(self, src):
        """Value of a text (what `value "..."` does)."""
        return self.eval_text(src)[0]

    def request_stop(self):
        """Ask running code to stop at its next safe point (Ctrl-C)."""
        self.stop_requested = True

    def check_stop(self):
        if self.stop_requested:
            self.stop_requested = False
            raise Stop()

    # ------------------------------------------------------------ names
    def lookup(self, name):
        v = self.globals.get(name)
        if v is not None:
            return v
        v = self.keywords.get(name)
        if v is not None:
            return v
        v = self.natives.get(name)
        if v is not None:
            return v
        if "." in name[1:]:
            return self._dotted(name)
        raise QError(name)

    def _dotted(self, name):
        """`d.Y` is d[`Y] for a global d (and t.c a column of table t)."""
        lead = name.startswith(".")
        parts = name[1:].split(".") if lead else name.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            base = ("." if lead else "") + ".".join(parts[:cut])
            v = self.globals.get(base)
            if v is not None:
                for p in parts[cut:]:
                    v = self.index(v, [sym(p)])
                return v
        raise QError(name)

    def assign_global(self, name, value):
        if name in self.keywords or name in ("if", "do", "while", "select", "exec", "update", "delete"):
            raise QError("assign")
        if "." in name[1:] and name not in self.globals and not name.startswith("."):
            base, key = name.split(".", 1)
            self.globals[base] = self.amend(self.lookup(base), [sym(key)], None, value)
            return
        self.globals[name] = value

    # ------------------------------------------------------------ calls
    def call_lambda(self, lam, args):
        code = lam.code
        if code is None:
            code = lam.code = self._compile_lambda(lam.node)
        node = lam.node
        frame = dict(zip(node.params, args))
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.depth -= 1
            raise QError("stack")
        if self.stop_requested:
            self.depth -= 1
            self.check_stop()
        try:
            return code(frame)
        except _Return as r:
            return r.value
        except QError as e:
            if e.signal and e.pos is None:
                e.signal = False          # report a signal one level up
            elif e.unit is not None and e.lam is None and e.depth == self.depth:
                e.lam = lam
            raise
        finally:
            self.depth -= 1

    def _compile_lambda(self, node):
        unit = Unit(node.src, node.start, frozenset(node.params) | node.locals)
        body = [None if st is None else self.compile(st, unit) for st in node.body]
        if len(body) == 1 and body[0] is not None:
            return body[0]

        def run(frame):
            v = IDENTITY
            for st in body:
                v = IDENTITY if st is None else st(frame)
            return v
        return run

    def apply(self, f, args):
        """Apply any applicable value to a list of arguments (HOLE makes a projection)."""
        if isinstance(f, Fn):
            n = len(args)
            if any(a is HOLE for a in args):
                return Projection(f, args)
            r = f.rank
            if r is not None:
                if n < r:
                    return Projection(f, list(args) + [HOLE] * (r - n), shown=n)
                if n > r:
                    raise QError("rank")
            return f.call(self, args)
        if f is IDENTITY:
            if len(args) != 1:
                raise QError("rank")
            return args[0]
        if isinstance(f, Atom):
            if f.t == -S:
                return self.apply(self.lookup(f.v), args)
            if f.t in (-J, -5, -6) and len(args) == 1:
                return self.write_handle(int(f.v), args[0])
            raise QError("type")
        return self.index(f, args)

    def write_handle(self, h, x):
        from .builtins_io import write_handle
        return write_handle(self, h, x)

    def index(self, x, args):
        from .indexing import index
        return index(self, x, args)

    def amend(self, x, path, fn, y):
        from .indexing import amend
        return amend(self, x, path, fn, y)

    def iterate(self, derived, args):
        from .adverbs import iterate
        return iterate(self, derived, args)

    # ------------------------------------------------------------ compiler
    def compile(self, node, unit):
        method = getattr(self, "_c_" + type(node).__name__)
        return method(node, unit)

    def _locate(self, e, pos, unit):
        if e.pos is None and not e.signal:
            e.pos = pos - unit.start
            e.unit = unit
            e.depth = self.depth

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
                except QError as e:
                    self._locate(e, pos, unit)
                    raise
            return dyn
        if unit.names is not None and name in unit.names:
            return lambda fr: fr.get(name, EMPTY)

        def glob(fr):
            try:
                return lookup(name)
            except QError as e:
                self._locate(e, pos, unit)
                raise
        return glob

    def verb_value(self, name):
        """The function value of an operator glyph or infix keyword."""
        d = self.verbs.get(name)
        if d is not None:
            return Prim(name, d.monad, d.dyad, d.ctx, d.more)
        if name.endswith(":") and name[:-1] in self.verbs:
            d = self.verbs[name[:-1]]
            return Builtin(name, (lambda x, _d=d: _d.monad(self, x) if _d.ctx else _d.monad(x)), 1)
        return self.lookup(name)

    def _c_Verb(self, node, unit):
        name, pos = node.name, node.pos

        def run(fr):
            try:
                return self.verb_value(name)
            except QError as e:
                self._locate(e, pos, unit)
                raise
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
            if d.ctx:
                def run_ctx(fr):
                    r = right(fr)
                    l = left(fr)
                    try:
                        return fn(self, l, r)
                    except QError as e:
                        self._locate(e, pos, unit)
                        raise
                return run_ctx

            def run(fr):
                r = right(fr)
                l = left(fr)
                try:
                    return fn(l, r)
                except QError as e:
                    self._locate(e, pos, unit)
                    raise
            return run
        verb = self.compile(node.verb, unit)

        def run_fn(fr):
            r = right(fr)
            l = left(fr)
            f = verb(fr)
            try:
                return self.apply(f, [l, r])
            except QError as e:
                self._locate(e, pos, unit)
                raise
        return run_fn

    def _c_Monad(self, node, unit):
        pos = node.pos
        arg = self.compile(node.arg, unit)
        v = node.verb
        if isinstance(v, nd.Verb) and (v.name in self.verbs or v.name[:-1] in self.verbs):
            d = self.verbs.get(v.name) or self.verbs[v.name[:-1]]
            fn, ctx = d.monad, d.ctx
            if fn is None:
                raise _located(QError("rank"), pos)

            def run(fr):
                x = arg(fr)
                try:
                    return fn(self, x) if ctx else fn(x)
                except QError as e:
                    self._locate(e, pos, unit)
                    raise
            return run
        verb = self.compile(v, unit)

        def run_fn(fr):
            x = arg(fr)
            f = verb(fr)
            try:
                return self.apply(f, [x])
            except QError as e:
                self._locate(e, pos, unit)
                raise
        return run_fn

    def _c_Juxt(self, node, unit):
        pos = node.pos
        fn = self.compile(node.fn, unit)
        arg = self.compile(node.arg, unit)
        apply = self.apply

        def run(fr):
            x = arg(fr)
            f = fn(fr)
            try:
                return apply(f, [x])
            except QError as e:
                self._locate(e, pos, unit)
                raise
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
            except QError as e:
                self._locate(e, pos, unit)
                raise
        return run

    def _c_Compose(self, node, unit):
        fns = [self.compile(f, unit) for f in node.fns]
        return lambda fr: Composition([f(fr) for f in fns])

    def _c_ListExpr(self, node, unit):
        parts = [(lambda fr: IDENTITY) if a is None else self.compile(a, unit) for a in node.items]
        parts.reverse()

        def run(fr):
            vals = [p(fr) for p in parts]
            vals.reverse()
            return from_items(vals)
        return run

    def _c_LambdaNode(self, node, unit):
        return lambda fr: Lambda(node)

    def _c_Assign(self, node, unit):
        from .assign import compile_assign
        return compile_assign(self, node, unit)

    def _c_Cond(self, node, unit):
        from .control import compile_cond
        return compile_cond(self, node, unit)

    def _c_Control(self, node, unit):
        from .control import compile_control
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
            elif isinstance(x, Atom) and x.t == -10:
                msg = chr(int(x.v))
            else:
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
        from .tables import compile_table
        return compile_table(self, node, unit)

    def _c_Query(self, node, unit):
        from .qsql import compile_query
        return compile_query(self, node, unit)


def _located(e, pos):
    e.pos = pos
    return e

