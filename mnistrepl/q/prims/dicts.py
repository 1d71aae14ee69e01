"""`!`: dictionaries `x!y`, keyed tables `n!t` and `0!kt`, `0N!x` (print and return x),
and the internal functions `-n!x` (q-subset.md §5.5, §9).

    q)`a`b!1 2
    a| 1
    b| 2
    q)1!([]a:1 2;b:3 4)
    a| b
    -| -
    1| 3
    2| 4
"""

from ..errors import QError
from ..output.display import compact
from ..values import IDENTITY, INTEGRAL, J, NULL_INT, Atom, Dict, List, Table, Vec, count, enlist, from_items
from .internal import internal


def bang(interp, x, y):
    """x!y  dictionary; n!t keyed table; 0!kt unkey; 0N!x print."""
    if isinstance(x, Atom) and abs(x.t) in INTEGRAL and x.t != -1 and int(x.v) < 0 \
            and not (x.t == -J and int(x.v) == NULL_INT[J]):
        return internal(interp, int(x.v), y)
    if isinstance(x, Atom) and abs(x.t) in INTEGRAL and not isinstance(y, (Vec, List)):
        n = int(x.v)
        if n == NULL_INT[J] and x.t == -J:
            interp.host.write_line(1, compact(y, width=interp.cols))
            return y
        if isinstance(y, Table):
            return key_table(y, n) if n else y
        if isinstance(y, Dict) and isinstance(y.k, Table):
            return unkey(y) if n == 0 else key_table(unkey(y), n)
    if isinstance(x, Atom) and x.t == -J and int(x.v) == NULL_INT[J]:
        interp.host.write_line(1, compact(y, width=interp.cols))
        return y
    if isinstance(x, (Vec, List)) and isinstance(y, List) and not y.items and count(x):
        return Dict(x, from_items([IDENTITY] * count(x)))    # keys!(): values to fill later
    if isinstance(x, (Vec, List)) and isinstance(y, (Vec, List, Table)):
        if count(x) != count(y):
            raise QError("length")
        return Dict(x, y)
    if isinstance(x, Atom) and isinstance(y, Atom):
        return Dict(enlist(x), enlist(y))
    if isinstance(x, (Vec, List)) and isinstance(y, Atom):
        return Dict(x, from_items([y] * count(x)))
    if isinstance(x, Table) and isinstance(y, Table):
        if count(x) != count(y):
            raise QError("length")
        return Dict(x, y)
    raise QError("type")


def key_table(t, n):
    """n!t: the first n columns become the key. Example: 1!([]a:1 2;b:3 4)."""
    if n > len(t.names):
        raise QError("length")
    return Dict(Table(t.names[:n], t.cols[:n]), Table(t.names[n:], t.cols[n:]))


def unkey(d):
    """0!kt: a keyed table back to a simple table."""
    return Table(d.k.names + d.v.names, d.k.cols + d.v.cols)
