"""Assignment: `n:v`, `n::v`, `n op: v`, `n[i]:v`, `n[i] op: v` (q-subset.md §3.5)."""
from .errors import QError
from .values import HOLE, IDENTITY, Vec, List, Atom, Dict, Table, from_items, enlist

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

    def run(fr):
        v = value(fr)
        try:
            if indices is None:
                if op is not None:
                    v = modified(interp, op, get(fr), v)
                put(fr, v)
                return v
            idx = [i(fr) for i in reversed(indices)][::-1]
            cur = get(fr)
            if cur is None:
                raise QError(name)
            fn = interp.verb_value(op) if op is not None else None
            put(fr, interp.amend(cur, idx, fn, v))
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
        from .values import long
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
    """`n,:y`: type-checked append for vectors; item append for lists of lists."""
    if isinstance(cur, Vec) and len(cur.a):
        if not (isinstance(y, (Atom, Vec)) and abs(y.t) == cur.t):
            raise QError("type")
    if isinstance(cur, List) and cur.items and isinstance(y, (Vec, List)):
        first = cur.items[0]
        if isinstance(first, (Vec, List)) and depth(first) == depth(y) + 0 and depth(cur) == depth(y) + 1:
            return from_items(cur.items + [y])
    return interp.apply(interp.verb_value(","), [cur, y])
