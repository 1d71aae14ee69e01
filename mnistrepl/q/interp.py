"""The interpreter, the q layer's front door: global namespace, console settings, name
lookup, application and lambda calls. It sits above every sub-package (syntax, output,
prims, words, qsql, system, eval) and hands itself to the primitives that need to apply
functions, index or evaluate text, so that no lower module imports a higher one.
Compiling syntax trees to closures is in eval/compiler.py (the Compiler mixin).
"""
import sys

import numpy as np

from .errors import QError, Stop
from .eval import iterators
from .eval.compiler import FAILURES, Compiler, _Return
from .eval.glyphs import VERBS
from .functions import Fn, Projection
from .guard import PY_ERRORS, from_python
from .prims import handles, indexing
from .registry import KEYWORDS, SYSTEM
from .syntax import nodes as nd
from .syntax.parser import RESERVED, Parser
from .syntax.unit import Unit
from .system import clocks, commands, qnames, script  # noqa: F401  (clocks, qnames fill SYSTEM)
from .workspace import WORKSPACE
from .values import HOLE, IDENTITY, J, S, Atom, sym

MAX_DEPTH = 2000       # lambda call depth; deeper recursion is 'stack


def noupdate(name):
    """reval's refusal of a global update: `'noupdate: `. `a` (code.kx.com/q/ref/eval),
    `'noupdate: `.ns `a` for a name in a namespace."""
    ns, _, base = name.rpartition(".") if name.startswith(".") else ("", "", name)
    return f"noupdate: `{ns or '.'} `{base}"


# words k defines natively (.Q.res): keywords, but not in the .q namespace q.k fills
K_NATIVES = frozenset(
    "abs acos asin atan avg bin binr cor cos cov delete dev div do enlist exec exit exp getenv "
    "hopen if in insert last like log max min prd select setenv sin sqrt ss sum tan update var "
    "wavg while within wsum xexp".split())


class Interp(Compiler):
    """A q interpreter: global namespace, console settings and the evaluator."""

    def __init__(self, host=None):
        self.verbs = VERBS
        self.host = host
        self.globals = {}
        self.keywords = dict(KEYWORDS.entries)
        self.natives = {}
        self.readers = dict(SYSTEM.readers)
        self.libraries = {}   # (lib, name, rank) -> function, for `lib 2:(`name;rank)
        self.parser = Parser()
        self.rows, self.cols, self.precision = 25, 80, 7
        self.depth = 0
        self.loading = 0      # scripts being run, nested (`\l`, the command line's)
        self.readonly = 0     # revals running, nested: globals may not change
        self.stop_requested = False
        self.rng = np.random.default_rng(42)
        self._code = {}
        for name, b in SYSTEM.entries.items():
            self.globals[name] = b
        commands.init_names(self)
        sys.setrecursionlimit(max(sys.getrecursionlimit(), 20000))

    # ------------------------------------------------------------ public api
    def install(self, registry):
        """Make a registry's functions callable by name (the k-api uses this)."""
        self.natives.update(registry.entries)

    def eval_text(self, src):
        """Run one top-level text. Returns (value, show): show is False when q prints
        nothing (trailing ;, assignment, ::)."""
        try:
            stmts = self.parser.parse(src)
            unit = Unit(src)
            value, last = IDENTITY, None
            for st in stmts:
                last = st
                value = IDENTITY if st is None else self.compile(st, unit)(None)
        except PY_ERRORS as exc:
            raise from_python(exc) from None
        show = not (last is None or isinstance(last, nd.Assign) or value is IDENTITY)
        return value, show

    def eval(self, src):
        """Value of a text (what `value "..."` does)."""
        return self.eval_text(src)[0]

    def request_stop(self):
        """Ask running code to stop at its next safe point (Ctrl-C)."""
        self.stop_requested = True

    def check_stop(self):
        """At a safe point: 'stop after Ctrl-C; 'wsfull past the workspace limit."""
        WORKSPACE.check_process()
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
        read = self.readers.get(name)
        if read is not None:
            return read()
        if name.startswith(".q.") and name[3:] in self.keywords and name[3:] not in K_NATIVES:
            return self.keywords[name[3:]]      # q's keywords live in .q (ref/value: .q.neg)
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
                    v = indexing.index(self, v, [sym(p)])
                return v
        raise QError(name)

    def assign_global(self, name, value):
        if name in self.keywords or name in RESERVED:
            raise QError("assign")
        if self.readonly:
            raise QError(noupdate(name))
        if "." in name[1:] and name not in self.globals and not name.startswith("."):
            base, key = name.split(".", 1)
            self.globals[base] = indexing.amend(self, self.lookup(base), [sym(key)], None, value)
            return
        self.globals[name] = value

    # ------------------------------------------------------------ calls
    def call_lambda(self, lam, args):
        code = lam.code
        if code is None:
            code = lam.code = self._compile_lambda(lam.node)
        params = lam.node.params
        # one argument to a one-parameter lambda is the common call; {[]..}[] gets (::)
        frame = {params[0]: args[0]} if len(args) == 1 and params else dict(zip(params, args))
        depth = self.depth = self.depth + 1
        if depth > MAX_DEPTH or self.stop_requested:
            self._refuse_call(depth)
        try:
            return code(frame)
        except _Return as r:
            return r.value
        except QError as e:
            self._left_lambda(e, lam)
            raise
        finally:
            self.depth -= 1

    def _refuse_call(self, depth):
        """A call past the depth limit is 'stack; one after Ctrl-C stops (check_stop)."""
        self.depth -= 1
        if depth > MAX_DEPTH:
            raise QError("stack")
        self.check_stop()

    def _left_lambda(self, e, lam):
        """A q error leaving lam's body: a signal is reported one level up; an error
        located in this body names lam (the debugger shows its source)."""
        if e.signal and e.pos is None:
            e.signal = False
        elif e.unit is not None and e.lam is None and e.depth == self.depth:
            e.lam = lam

    def unary_caller(self, lam):
        """`call(x)`: lam (rank 1) applied to x, what call_lambda does with the fewest steps
        (each, over and scan call one lambda many times). A body that reads nothing but
        its argument (`{x+1}`) runs without a frame: its `.unary` run1(x) (compiler.py),
        and without the call's depth and Ctrl-C steps (it calls nothing and cannot loop;
        the iterators check for Ctrl-C): when it fails, the call is made again in full, for
        the error's place and depth."""
        code = lam.code
        if code is None:
            code = lam.code = self._compile_lambda(lam.node)
        if not lam.node.params:                  # {[] ..}: the argument is dropped
            return lambda x: self.call_lambda(lam, [x])
        param = lam.node.params[0]
        unary = self._unary_form(lam)
        run1 = None if unary is None else unary[1]
        if run1 is None:
            def run1(x):
                return code({param: x})

        def call(x):
            depth = self.depth = self.depth + 1
            if depth > MAX_DEPTH or self.stop_requested:
                self._refuse_call(depth)
            try:
                return run1(x)
            except _Return as r:
                return r.value
            except QError as e:
                self._left_lambda(e, lam)
                raise
            finally:
                self.depth -= 1
        if unary is None or self.depth >= MAX_DEPTH:
            return call

        def leaf_call(x):
            try:
                return run1(x)
            except FAILURES:
                return call(x)
        return leaf_call

    def _unary_form(self, lam):
        """The `.unary` (name, run1, kernel) of a unary lambda whose body is a primitive of
        its argument and constants (compiler._leaf_dyad), else None."""
        if lam.code is None:
            lam.code = self._compile_lambda(lam.node)
        unary = getattr(lam.code, "unary", None)
        if unary is None or not lam.node.params or unary[0] != lam.node.params[0]:
            return None
        return unary

    def long_kernel(self, lam):
        """k(a) for a unary lambda whose body is long arithmetic of its argument and constants
        (`{x+1}`, `{x*x}`): applied to the long atom of value a it gives the long atom of
        value k(a) (atomic.long_kernel), so each, over and scan may step the values alone.
        None for other lambdas, and when a call would be too deep ('stack)."""
        unary = self._unary_form(lam)
        if unary is None or self.depth >= MAX_DEPTH:
            return None
        return unary[2]

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
                return handles.write_handle(self, int(f.v), args[0])
            raise QError("type")
        return indexing.index(self, f, args)

    def iterate(self, derived, args):
        """Derived functions (functions.py, below eval/) run their iterator through here."""
        return iterators.iterate(self, derived, args)

    def load_script(self, path):
        """`\\l path` (system commands reach scripts through here)."""
        script.load(self, path)
