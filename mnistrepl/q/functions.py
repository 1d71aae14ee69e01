"""Function values: lambdas, built-ins, operators, projections, derived functions,
compositions. Each has `rank` and `call(interp, args)`; `interp.apply` checks the count
of arguments and builds projections before `call` is reached."""
from .errors import QError
from .values import HOLE, INTEGRAL, Value, Vec


class Fn(Value):
    __slots__ = ()
    rank = 1


class Lambda(Fn):
    """A q lambda. `node` is its LambdaNode; code is compiled on first call."""
    __slots__ = ("node", "code", "rank")
    t = 100

    def __init__(self, node):
        self.node = node
        self.code = None
        self.rank = node.rank

    @property
    def src(self):
        return self.node.src

    def call(self, interp, args):
        return interp.call_lambda(self, args)

    def __repr__(self):
        return f"Lambda({self.node.src!r})"


class Builtin(Fn):
    """A Python callable bound to a q name (keywords, system names, the k-api).
    `ctx` callables receive the interpreter first; rank None means any count (enlist)."""
    __slots__ = ("name", "fn", "rank", "ctx", "t")

    def __init__(self, name, fn, rank, ctx=False, qtype=None):
        self.name = name
        self.fn = fn
        self.rank = rank
        self.ctx = ctx
        self.t = qtype if qtype is not None else (101 if rank == 1 else 102)

    def call(self, interp, args):
        if self.ctx:
            return self.fn(interp, *args)
        return self.fn(*args)

    def __repr__(self):
        return f"Builtin({self.name})"


class Prim(Fn):
    """An operator glyph used as a value: `(+)`, `+[2;3]`, `(,)`."""
    __slots__ = ("glyph", "monad", "dyad", "ctx", "more", "rank")
    t = 102

    def __init__(self, glyph, monad, dyad, ctx, more=None):
        # monad: the Builtin of the unary form; ctx: the dyad receives the interpreter
        self.glyph = glyph
        self.monad = monad
        self.dyad = dyad
        self.ctx = ctx
        self.more = more          # ternary/quaternary form (@[x;i;f;y], ?[b;x;y])
        self.rank = None if more is not None else 2

    def call(self, interp, args):
        if len(args) > 2:
            if self.more is None:
                raise QError("rank")
            return self.more(interp, *args)
        if len(args) == 1:
            if self.monad is None:
                raise QError("rank")
            return self.monad.call(interp, args)
        if self.ctx:
            return self.dyad(interp, args[0], args[1])
        return self.dyad(args[0], args[1])

    def __repr__(self):
        return f"Prim({self.glyph})"


class Projection(Fn):
    """`f[a;]`: `args` holds given values and HOLEs, padded to the function's rank."""
    __slots__ = ("fn", "args", "rank", "shown")
    t = 104

    def __init__(self, fn, args, shown=None):
        self.fn = fn
        self.args = list(args)
        self.shown = len(args) if shown is None else shown   # how many were written
        self.rank = sum(1 for a in self.args if a is HOLE)

    def call(self, interp, more):
        filled, it = [], iter(more)
        for a in self.args:
            filled.append(next(it, HOLE) if a is HOLE else a)
        filled.extend(it)
        return interp.apply(self.fn, filled)


class Derived(Fn):
    """`f'`, `f/`, `f\\`, `f':`, `f/:`, `f\\:`: an iterator applied to a value."""
    __slots__ = ("fn", "adverb", "t")

    TYPES = {"'": 106, "/": 107, "\\": 108, "':": 109, "/:": 110, "\\:": 111}

    def __init__(self, fn, adverb):
        self.fn = fn
        self.adverb = adverb
        self.t = self.TYPES[adverb]

    @property
    def rank(self):
        """Over, scan and each-prior take one or two arguments (None: any count);
        each takes the function's rank; each-left/right two."""
        if self.adverb in ("/", "\\", "':"):
            return None
        if self.adverb in ("/:", "\\:"):
            return 2
        if isinstance(self.fn, Vec) and self.fn.t in INTEGRAL:
            return None                  # Case: i'[a;b;..] ignores extra arguments
        return getattr(self.fn, "rank", 1)

    def call(self, interp, args):
        return interp.iterate(self, args)


class Iterator(Fn):
    """An iterator as a value: `(/)`, or the head of `(/;+)`, the parse tree of `+/`
    (code.kx.com/q/basics/parsetrees); applied to a value it derives a function."""
    __slots__ = ("adverb",)
    t = 103
    rank = 1

    def __init__(self, adverb):
        self.adverb = adverb

    def call(self, interp, args):
        return Derived(args[0], self.adverb)


class Composition(Fn):
    """`f g`: applies the last function first."""
    __slots__ = ("fns",)
    t = 105

    def __init__(self, fns):
        self.fns = list(fns)

    @property
    def rank(self):
        return getattr(self.fns[-1], "rank", 1) or 1

    def call(self, interp, args):
        r = interp.apply(self.fns[-1], list(args))
        for f in reversed(self.fns[:-1]):
            r = interp.apply(f, [r])
        return r


# `'[;]`: Compose as a binary function, for `'[;]` with holes and `('[;]) over fns`
# (code.kx.com/q/ref/compose)
COMPOSE = Builtin("'", lambda f, g: Composition([f, g]), 2)
