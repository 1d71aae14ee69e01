"""Name-value options (ktorch-api.md 0.3) and argument helpers shared by the api.

    pos, named = split_options(items)        # positional values, then one trailing named form
    o = Fields(("lr", 0.01, FLOAT), ("momentum", 0.0, FLOAT)).parse("sgd", pos, named)

No torch here: values are q values in, Python values out.
"""
from mnistrepl.q.errors import QError
from mnistrepl.q.values import (B, C, E, F, H, I, J, S, X, Atom, Dict, List, Vec,
                        IDENTITY, INTEGRAL, items)

# converters' names
LONG, FLOAT, BOOL, SYM, SIZE, ANY, LONGS, OPTFLOAT = "long", "float", "bool", "sym", "size", "any", "longs", "optfloat"

KIND_NAMES = {B: "boolean", X: "byte", H: "short", I: "int", J: "long", E: "real",
              F: "double", C: "char", S: "symbol"}


def kind(x):
    """How ktorch names a value in messages: `long`, `double list`, `general list`, ..."""
    if isinstance(x, Atom):
        return KIND_NAMES.get(-x.t, "atom")
    if isinstance(x, Vec):
        return KIND_NAMES.get(x.t, "") + " list"
    if isinstance(x, List):
        return "empty list" if not x.items else "general list"
    if isinstance(x, Dict):
        return "dictionary"
    if x is IDENTITY:
        return "null"
    return "table" if getattr(x, "t", None) == 98 else "function"


def arglist(x):
    """The items of the one argument as a Python list: (a;b;c) -> [a,b,c]; an atom or a
    simple vector is one argument."""
    if isinstance(x, List):
        return list(x.items)
    if x is IDENTITY:
        return []
    return [x]


def is_bool(x):
    """A boolean atom (the flag that ends many api argument lists)."""
    return isinstance(x, Atom) and x.t == -B


def is_sym(x, name=None):
    return isinstance(x, Atom) and x.t == -S and (name is None or x.v == name)


def _is_named_form(x):
    """Is x one of the four spellings of named options?"""
    if isinstance(x, Dict):
        return isinstance(x.k, Vec) and x.k.t == S
    if isinstance(x, Vec):
        return x.t == S and len(x.a) >= 2 and len(x.a) % 2 == 0
    if isinstance(x, List) and x.items:
        its = x.items
        if all(isinstance(p, (List, Vec)) and len(items(p)) == 2 and is_sym(items(p)[0]) for p in its):
            return True
        return len(its) % 2 == 0 and all(is_sym(its[i]) for i in range(0, len(its), 2))
    return False


def named_pairs(x):
    """[(name, value)] of a named-options value (assumes _is_named_form)."""
    if isinstance(x, Dict):
        return list(zip(x.k.a, items(x.v)))
    its = items(x)
    if isinstance(x, List) and all(isinstance(p, (List, Vec)) and len(items(p)) == 2
                                   and is_sym(items(p)[0]) for p in its):
        return [(items(p)[0].v, items(p)[1]) for p in its]
    return [(its[i].v, its[i + 1]) for i in range(0, len(its), 2)]


def split_options(values):
    """(positional values, [(name, value)]): the last value is taken as named options when
    it has one of the named forms."""
    values = list(values)
    if values and _is_named_form(values[-1]):
        return values[:-1], named_pairs(values[-1])
    return values, []


# ---------------------------------------------------------------- converters

def _fail(owner, name, want, x):
    raise QError(f"{owner}: {name} expects {want}, given {kind(x)}")


def to_long(owner, name, x):
    """A long from an integral atom, or from a float atom holding a whole number a long
    can hold (not 1e300, 0w or 0n)."""
    if isinstance(x, Atom) and -x.t in INTEGRAL and x.t != -B:
        return int(x.v)
    if isinstance(x, Atom) and -x.t in (E, F) and float(x.v).is_integer() \
            and -2.0**63 <= float(x.v) < 2.0**63:
        return int(x.v)
    _fail(owner, name, "a long integer", x)


def to_float(owner, name, x):
    if isinstance(x, Atom) and -x.t in (H, I, J, E, F):
        return float(x.v)
    _fail(owner, name, "a number", x)


def to_bool(owner, name, x):
    if isinstance(x, Atom) and x.t == -B:
        return bool(x.v)
    _fail(owner, name, "a boolean", x)


def to_sym(owner, name, x):
    if is_sym(x):
        return x.v
    _fail(owner, name, "a symbol", x)


def to_longs(owner, name, x):
    """A long atom or list as a tuple of ints."""
    if isinstance(x, Vec) and x.t in (H, I, J):
        return tuple(int(v) for v in x.a)
    return (to_long(owner, name, x),)


def to_size(owner, name, x):
    """A long atom (as int) or a 2-long list (as tuple)."""
    if isinstance(x, Vec):
        return to_longs(owner, name, x)
    return to_long(owner, name, x)


def to_optfloat(owner, name, x):
    """A number or the null `::` (None), e.g. clipnorm."""
    return None if x is IDENTITY else to_float(owner, name, x)


CONVERT = {LONG: to_long, FLOAT: to_float, BOOL: to_bool, SYM: to_sym, SIZE: to_size,
           LONGS: to_longs, OPTFLOAT: to_optfloat, ANY: lambda owner, name, x: x}


class Fields:
    """An ordered option list: (name, default, converter), converter one of CONVERT's
    keys or a callable (owner, name, x) -> value."""

    def __init__(self, *fields):
        self.fields = fields
        self.names = [f[0] for f in fields]

    def defaults(self):
        return {name: default for name, default, _ in self.fields}

    def parse(self, owner, positional, named=()):
        """Option dict from positional values then (name, value) pairs."""
        if len(positional) > len(self.fields):
            raise QError(f"{owner}: expecting up to {len(self.fields)} positional args, "
                         f"{len(positional)} given")
        out = self.defaults()
        conv = {name: c for name, _, c in self.fields}
        given = list(zip(self.names, positional)) + list(named)
        for name, value in given:
            if name not in conv:
                raise QError(f"{owner} option: {name} not recognized")
            c = conv[name]
            out[name] = (CONVERT[c] if isinstance(c, str) else c)(owner, name, value)
        return out
