"""@qfunc: the one way to bind a Python callable to a q name.

    from mnistrepl.q.registry import KEYWORDS

    @KEYWORDS.qfunc("til", rank=1)
    def til(x): ...

    api = Registry()                         # the k-api keeps its own registry
    @api.qfunc("module", rank=1, ctx=True)   # ctx: receives the interpreter first
    def module(interp, x): ...
    interp.install(api)                      # names become callable in that session

A callable receives q values (mnistrepl.q.values) and returns one; it signals errors by
raising QError. `rank` is the number of arguments (None: any number, like enlist).
Infix use (`x mod y`) is decided by the parser's INFIX_KEYWORDS, not here.
"""
from .functions import Builtin


class Registry:
    """An ordered set of named built-in functions."""

    def __init__(self):
        self.entries = {}
        self.readers = {}     # name -> read(): a value computed afresh on each use

    def qfunc(self, name, rank, ctx=False, qtype=None):
        """Decorator registering `fn` under q name `name`."""
        def deco(fn):
            self.add(name, fn, rank, ctx, qtype)
            return fn
        return deco

    def add(self, name, fn, rank, ctx=False, qtype=None):
        self.entries[name] = Builtin(name, fn, rank, ctx, qtype)

    def constant(self, name, value):
        """A q name whose value is data, not a function (q's csv)."""
        self.entries[name] = value

    def reader(self, name, read):
        """A q name whose value is read() at every use (the .z clocks)."""
        self.readers[name] = read

    def names(self):
        return list(self.entries)

    def __contains__(self, name):
        return name in self.entries

    def __getitem__(self, name):
        return self.entries[name]


KEYWORDS = Registry()   # q's own keywords: til, count, sum, ...
SYSTEM = Registry()     # names in the .z and .Q namespaces
