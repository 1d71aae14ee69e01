"""Assignment: `n:v`, `n::v`, `n op: v`, `n[i]:v`, `n[i] op: v` (q-subset.md §3.5)."""
import numpy as np

from ..errors import QError
from ..syntax import nodes as nd
from ..values import HOLE, Vec, List, Atom, Dict, Table, from_items, items, long, symvec
from ..prims.indexing import amend
from ..inplace import append, atom_appender, owned, set_item

IDENTITIES = {"+": 0, "-": 0, "*": 1, "%": 1, "|": None, "&": None}


def compile_assign(interp, node, unit):
    name, pos = node.name, node.pos
    value = interp.compile(node.value, unit)
    local = unit.names is not None and name in unit.names
    indices = None
    if node.indices is not None:
        indices = [(lambda fr: HOLE) if a is None else interp.compile(a, unit) for a in node.indices]
        if len(node.indices) == 1 and node.indices[0] is None:
            indices = [lambda fr: HOLE]
    op = node.op.name if node.op is not None else None

    def get(fr):
        if local:
            if name in fr:
                return fr[name]
            return None
        try:
            return interp.lookup(name)
        except QError:
            return None

    def put(fr, v):
        if local:
            fr[name] = v
        else:
            interp.assign_global(name, v)

    if indices is None and op == ",":
        rest = _general(interp, name, pos, unit, local, None, ",", get, put)
        if not local and isinstance(node.value, nd.Const):
            return _append_const(interp.globals, name, node.value.value, rest)

        def run_append(fr):
            v = value(fr)
            if append(fr if local else interp.globals, name, v):
                return v
            return rest(fr, v)
        return run_append
    if indices is not None and len(indices) == 1 and op is None:
        rest = _general(interp, name, pos, unit, local, indices, None, get, put)
        k = _const_index(node.indices[0])
        if k is not None:
            store = None if local else interp.globals
            if isinstance(node.value, nd.Const) and node.value.value.__class__ is Atom:
                return _set_const(store, name, k, node.indices[0].value, node.value.value, rest)
            return _set_const_index(store, name, k, node.indices[0].value, value, rest)
        return _set_one(interp, name, pos, unit, local, value, indices[0], rest)
    run = _general(interp, name, pos, unit, local, indices, op, get, put)
    return lambda fr: run(fr, value(fr))


def _append_const(store, name, v, rest):
    """`n,:c` for a global n and a constant c (`x,:1` in a loop): no closure call for c;
    an atom's quick step inline (inplace.atom_appender)."""
    if v.__class__ is Atom:
        return atom_appender(store, name, v, rest)

    def run_append_const(fr):
        if append(store, name, v):
            return v
        return rest(fr, v)
    return run_append_const


def _set_one(interp, name, pos, unit, local, value, index, rest):
    """`n[i]:v`: an atom written straight into a vector the variable holds alone (the
    commonest amend); anything else through the general path."""
    def run_set(fr):
        v = value(fr)
        try:
            i = index(fr)
        except QError as e:
            interp._locate(e, pos, unit)
            raise
        if (v.__class__ is Atom and i.__class__ is Atom and i.t in INT_ATOMS
                and set_item(fr if local else interp.globals, name, int(i.v), v)):
            return v
        return rest(fr, v, [i])
    return run_set


def _const_index(node):
    """The Python int of a constant int atom index (`x[5]`), else None."""
    if isinstance(node, nd.Const):
        i = node.value
        if i.__class__ is Atom and i.t in INT_ATOMS:
            return int(i.v)
    return None


def _set_const_index(store, name, k, i, value, rest):
    """`n[5]:v`: the index read once, here, not at each assignment (store None: n is a
    local, in the frame)."""
    def run_set_const(fr):
        v = value(fr)
        if v.__class__ is Atom and set_item(fr if store is None else store, name, k, v):
            return v
        return rest(fr, v, [i])
    return run_set_const


def _set_const(store, name, k, i, v, rest):
    """`n[5]:1`: index and atom both constants, read once, here."""
    def run_set_const_atom(fr):
        if set_item(fr if store is None else store, name, k, v):
            return v
        return rest(fr, v, [i])
    return run_set_const_atom


def _general(interp, name, pos, unit, local, indices, op, get, put):
    """`run(fr, v)`: the assignment of the already evaluated value v (and indices idx,
    when the caller evaluated them)."""
    def run(fr, v, idx=None):
        try:
            if indices is None:
                if op is not None:
                    v = modified(interp, op, get(fr), v)
                put(fr, v)
                return v
            if idx is None:
                idx = [i(fr) for i in reversed(indices)][::-1]
            fn = interp.verb_value(op) if op is not None else None
            cur = owned(fr if local else interp.globals, name)
            own = cur is not None
            if own and fn is None and len(idx) == 1 and set_atom(cur, idx[0], v):
                return v
            if not own:
                cur = get(fr)
            if cur is None:
                raise QError(name)
            check_range(cur, idx[0])
            new = amend(interp, cur, idx, fn, v, own)
            if new is not cur:
                put(fr, new)
            return v
        except QError as e:
            interp._locate(e, pos, unit)
            raise
    return run


def modified(interp, op, cur, y):
    """`n op: y` on the current value (None when n is undefined)."""
    if op == ",":
        if cur is None:
            cur = List([])
        return join_in_place(interp, cur, y)
    if cur is None:
        ident = IDENTITIES.get(op)
        if ident is None:
            return y
        cur = long(ident)
    return interp.apply(interp.verb_value(op), [cur, y])


def depth(x):
    if isinstance(x, Vec):
        return 1
    if isinstance(x, List):
        return 1 + max((depth(i) for i in x.items), default=0)
    return 0


def join_in_place(interp, cur, y):
    """`n,:y`: type-checked append for vectors; item append for lists of lists; a row
    (table, dictionary or list of atoms) for tables: `t,:(9;10)`."""
    if isinstance(cur, Table):
        return interp.apply(interp.verb_value(","), [cur, table_row(cur, y)])
    if isinstance(cur, Vec) and len(cur.a):
        if not (isinstance(y, (Atom, Vec)) and abs(y.t) == cur.t):
            raise QError("type")
    if isinstance(cur, List) and cur.items and isinstance(y, (Vec, List)):
        first = cur.items[0]
        if isinstance(first, (Vec, List)) and depth(first) == depth(y) + 0 and depth(cur) == depth(y) + 1:
            return from_items(cur.items + [y])
    return interp.apply(interp.verb_value(","), [cur, y])


def table_row(t, y):
    """What `t,:y` appends: a table or dictionary as is, a list of atoms as one row."""
    if isinstance(y, (Table, Dict)):
        return y
    its = items(y) if isinstance(y, (Vec, List)) else None
    if its is None or len(its) != len(t.names) or not all(isinstance(i, Atom) for i in its):
        raise QError("type")
    return Dict(symvec(t.names), y)


INT_ATOMS = frozenset((-5, -6, -7))


def set_atom(x, i, y):
    """`x[i]:y` written straight into an owned vector for an int atom i in range and an
    atom y of x's type (the commonest amend, without the general path); else False."""
    if i.__class__ is not Atom or y.__class__ is not Atom or i.t not in INT_ATOMS or y.t != -x.t:
        return False
    k = int(i.v)
    if not 0 <= k < len(x.a):
        return False
    x.a[k] = y.v
    x.attr = ""                 # (no longer sorted)
    return True


def check_range(cur, i):
    """`v[7]:1` on a 3-item list is 'length (q-subset.md §3.5): list indices must lie in
    0..count-1; dictionaries and tables upsert instead."""
    if not isinstance(cur, (Vec, List)) or not isinstance(i, (Atom, Vec)):
        return
    if i.t not in (-5, -6, -7, 5, 6, 7):
        return
    a = np.asarray(i.v if isinstance(i, Atom) else i.a)
    n = len(cur.a) if isinstance(cur, Vec) else len(cur.items)
    if a.size and (a.min() < 0 or a.max() >= n):
        raise QError("length")
