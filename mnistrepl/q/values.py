"""q values: atoms, simple vectors on NumPy, general lists, dictionaries, tables.

Every value has `.t`, its q type number (`type x`): negative for atoms, positive for
simple vectors, 0 for general lists, 98 tables, 99 dictionaries, 100+ functions.

Storage:
  atom    Atom(t, v)   v is a NumPy scalar of the type's dtype (symbols: a Python str)
  vector  Vec(t, a)    a is a 1-d NumPy array (symbols: dtype object holding str)
  list    List(items)  a Python list of values
  dict    Dict(k, v)   keys and values, each a list-like value of equal count
  table   Table(names, cols)  column names (str) and equal-length list-like columns
Chars are stored as uint8 codes; temporal types as integer counts from 2000.01.01.
"""
import numpy as np

from .errors import QError

# type numbers
B, X, H, I, J, E, F, C, S, P, M, D, Z, N, U, V, T = 1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19
LIST, TABLE, DICT = 0, 98, 99

DTYPES = {B: np.bool_, X: np.uint8, H: np.int16, I: np.int32, J: np.int64, E: np.float32,
          F: np.float64, C: np.uint8, S: object, P: np.int64, M: np.int32, D: np.int32,
          N: np.int64, U: np.int32, V: np.int32, T: np.int32, Z: np.float64}
LETTERS = " bg xhijefcspmdznuvt"          # .Q.t without the trailing s
TYPE_NAMES = {B: "boolean", X: "byte", H: "short", I: "int", J: "long", E: "real", F: "float",
              C: "char", S: "symbol", P: "timestamp", M: "month", D: "date", N: "timespan",
              U: "minute", V: "second", T: "time", Z: "datetime"}
INTEGRAL = frozenset((B, X, H, I, J))
NUMERIC = frozenset((B, X, H, I, J, E, F))
FLOATING = frozenset((E, F))
TEMPORAL = frozenset((P, M, D, N, U, V, T))   # integer counts; datetime (Z) is float days
NAN_NULL = frozenset((E, F, Z))               # types whose null is NaN

NULL_INT = {H: -2**15, I: -2**31, J: -2**63}
INF_INT = {H: 2**15 - 1, I: 2**31 - 1, J: 2**63 - 1}
for _t in (M, D, U, V, T):
    NULL_INT[_t], INF_INT[_t] = NULL_INT[I], INF_INT[I]
for _t in (P, N):
    NULL_INT[_t], INF_INT[_t] = NULL_INT[J], INF_INT[J]


class Value:
    __slots__ = ()


class Atom(Value):
    """An atom of type -t."""
    __slots__ = ("t", "v")

    def __init__(self, t, v):
        self.t = t          # negative type number
        self.v = v

    def __repr__(self):
        return f"Atom({self.t},{self.v!r})"


class Vec(Value):
    """A simple vector of type t (> 0) over a 1-d NumPy array. `buf`, when set, is the
    larger array whose prefix `a` is: room to append in place; `tail` holds appended
    atoms not yet written into it (both q/inplace.py's)."""
    __slots__ = ("t", "a", "attr", "buf", "tail")

    def __init__(self, t, a, sorted=False, attr=""):
        self.t = t
        self.a = a
        self.attr = "s" if sorted else attr     # q's attribute: "" s u p g
        self.buf = None
        self.tail = None

    @property
    def sorted(self):
        return self.attr == "s"

    @sorted.setter
    def sorted(self, on):
        """Set on (asc) or off (an amend in place: the attribute no longer holds)."""
        self.attr = "s" if on else ""

    def __len__(self):
        return len(self.a)

    def __repr__(self):
        return f"Vec({self.t},{self.a!r})"


class List(Value):
    """A general list (type 0)."""
    __slots__ = ("items",)
    t = LIST

    def __init__(self, items):
        self.items = items

    def __len__(self):
        return len(self.items)

    def __repr__(self):
        return f"List({self.items!r})"


class Dict(Value):
    """A dictionary (type 99): keys and values are list-like values of equal count.
    A keyed table is a Dict whose keys and values are both tables."""
    __slots__ = ("k", "v")
    t = DICT

    def __init__(self, k, v):
        self.k = k
        self.v = v

    def __repr__(self):
        return f"Dict({self.k!r},{self.v!r})"


class Table(Value):
    """A table (type 98): column names and equal-length list-like columns."""
    __slots__ = ("names", "cols")
    t = TABLE

    def __init__(self, names, cols):
        self.names = list(names)
        self.cols = list(cols)

    def __repr__(self):
        return f"Table({self.names!r})"


class Identity(Value):
    """The generic null `::`."""
    __slots__ = ()
    t = 101

    def __repr__(self):
        return "::"


IDENTITY = Identity()


class Hole:
    """An elided argument in f[;y] or an empty list item (;). Not a q value."""
    __slots__ = ()

    def __repr__(self):
        return "HOLE"


HOLE = Hole()


# ---------------------------------------------------------------- constructors

def atom(t, v):
    """Atom of type number t (positive or negative) from a Python or NumPy scalar."""
    t = abs(t)
    if t == S:
        return Atom(-S, str(v))
    return Atom(-t, DTYPES[t](v))


def long(n):
    return Atom(-J, np.int64(n))


def short(n):
    return Atom(-H, np.int16(n))


def int_(n):
    return Atom(-I, np.int32(n))


def flt(x):
    return Atom(-F, np.float64(x))


def boolean(b):
    return Atom(-B, np.bool_(b))


def sym(s):
    return Atom(-S, s)


def char(c):
    return Atom(-C, np.uint8(c if isinstance(c, int) else ord(c)))


def vec(t, data):
    """Vector of type t from an iterable or array, converted to the type's dtype."""
    if t == S:
        a = np.empty(len(data), dtype=object)
        a[:] = [str(s) for s in data]
        return Vec(S, a)
    return Vec(t, np.asarray(data, dtype=DTYPES[t]))


def string(s):
    """Char vector from a Python str (UTF-8 bytes) or bytes."""
    b = s.encode("utf-8", "surrogateescape") if isinstance(s, str) else bytes(s)
    return Vec(C, np.frombuffer(b, dtype=np.uint8).copy())


def symvec(names):
    return vec(S, list(names))


def empty(t):
    return Vec(t, np.empty(0, dtype=DTYPES[t]))


def null_atom(t):
    """Typed null atom for type number t (sign ignored)."""
    t = abs(t)
    if t in NULL_INT:
        return Atom(-t, DTYPES[t](NULL_INT[t]))
    if t in NAN_NULL:
        return Atom(-t, DTYPES[t](np.nan))
    if t == S:
        return Atom(-S, "")
    if t == C:
        return Atom(-C, np.uint8(32))
    if t in (B, X):
        return Atom(-t, DTYPES[t](0))
    return IDENTITY


# ---------------------------------------------------------------- list helpers

def count(x):
    """Number of items (atoms and functions count 1)."""
    if isinstance(x, Vec):
        return len(x.a)
    if isinstance(x, List):
        return len(x.items)
    if isinstance(x, Dict):
        return count(x.k)
    if isinstance(x, Table):
        return count(x.cols[0]) if x.cols else 0
    return 1


def items(x):
    """The items of a list-like value as a Python list of values."""
    if isinstance(x, Vec):
        t, a = -x.t, x.a
        return [Atom(t, v) for v in a]
    if isinstance(x, List):
        return x.items
    if isinstance(x, Dict):
        return items(x.v)
    if isinstance(x, Table):
        return [row(x, i) for i in range(count(x))]
    return [x]


def row(t, i):
    return Dict(symvec(t.names), from_items([item_at(c, i) for c in t.cols]))


def item_at(x, i):
    if isinstance(x, Vec):
        return Atom(-x.t, x.a[i])
    if isinstance(x, Table):            # a table column (tables nest): its row i
        return row(x, i)
    if isinstance(x, Dict):             # a keyed table (or dictionary) column: value i
        return item_at(x.v, i)
    return x.items[i]


def from_items(xs):
    """Collapse a Python list of values to a simple vector when all are atoms of one type
    (q's list rule), to a table when all are dicts with the same symbol keys; else List."""
    if not xs:
        return List([])
    first = xs[0]
    if isinstance(first, Atom):
        t = first.t
        for x in xs:
            if not isinstance(x, Atom) or x.t != t:
                return List(list(xs))
        if t == -S:
            a = np.empty(len(xs), dtype=object)
            a[:] = [x.v for x in xs]
            return Vec(S, a)
        return Vec(-t, np.array([x.v for x in xs], dtype=DTYPES[-t]))
    if isinstance(first, Dict) and isinstance(first.k, Vec) and first.k.t == S:
        keys = first.k.a
        for x in xs:
            if not (isinstance(x, Dict) and isinstance(x.k, Vec) and x.k.t == S
                    and len(x.k.a) == len(keys) and (x.k.a == keys).all()):
                return List(list(xs))
        cols = [from_items([item_at(x.v, j) for x in xs]) for j in range(len(keys))]
        return Table(list(keys), cols)
    return List(list(xs))


def enlist(x):
    if isinstance(x, Atom):
        if x.t == -S:
            a = np.empty(1, dtype=object)
            a[0] = x.v
            return Vec(S, a)
        return Vec(-x.t, np.array([x.v], dtype=DTYPES[-x.t]))
    if isinstance(x, Dict) and isinstance(x.k, Vec) and x.k.t == S:
        return Table(list(x.k.a), [enlist(v) for v in items(x.v)])
    return List([x])


def take_items(x, idx):
    """Sub-list of a list-like value at integer index array idx (all in range)."""
    if isinstance(x, Vec):
        return Vec(x.t, x.a[idx])
    if isinstance(x, List):
        return from_items([x.items[i] for i in idx]) if len(idx) else List([])
    raise QError("type")


def is_null_atom(x):
    if not isinstance(x, Atom):
        return False
    t = -x.t
    if t in NAN_NULL:
        return bool(np.isnan(x.v))
    if t in NULL_INT:
        return int(x.v) == NULL_INT[t]
    if t == S:
        return x.v == ""
    if t == C:
        return int(x.v) == 32
    return False


def truth(x):
    """Whether an atom condition of $[..], if, while holds (non-zero; nulls count as true)."""
    if not isinstance(x, Atom):
        raise QError("type")
    if x.t == -11:
        return x.v != ""
    if x.t == -10:
        return int(x.v) != 0
    return bool(x.v != 0) or is_null_atom(x)


def null_mask(x):
    """Boolean array of nulls for a Vec."""
    t = x.t
    if t in NAN_NULL:
        return np.isnan(x.a)
    if t in NULL_INT:
        return x.a == NULL_INT[t]
    if t == S:
        return x.a == ""
    if t == C:
        return x.a == 32
    return np.zeros(len(x.a), dtype=bool)


def to_py_str(x):
    """Python str of a char vector or char atom (UTF-8, errors replaced)."""
    if isinstance(x, Vec) and x.t == C:
        return x.a.tobytes().decode("utf-8", "replace")
    if isinstance(x, Atom) and x.t == -C:
        return bytes([int(x.v)]).decode("utf-8", "replace")
    raise QError("type")


def is_string(x):
    """A string or a char atom: what text keywords take."""
    return (isinstance(x, Vec) and x.t == C) or (isinstance(x, Atom) and x.t == -C)


def key_of(x):
    """A hashable key that identifies a value exactly (for group, distinct, ?, in)."""
    if isinstance(x, Atom):
        v = x.v
        if x.t in (-E, -F) and np.isnan(v):
            return (x.t, "nan")
        return (x.t, v if x.t == -S else v.item())
    if isinstance(x, Vec):
        if x.t == S:
            return (x.t, tuple(x.a))
        return (x.t, x.a.tobytes())
    if isinstance(x, List):
        return (0, tuple(key_of(i) for i in x.items))
    if isinstance(x, Dict):
        return (99, key_of(x.k), key_of(x.v))
    if isinstance(x, Table):
        return (98, tuple(x.names), tuple(key_of(c) for c in x.cols))
    return (x.t, id(x))
