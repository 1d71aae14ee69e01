"""Building networks from k values (ktorch-api.md 4.1, 4.2): specs, the tree form, the
depth-value form and ktorch's depth rules.

    m = from_value(k, tree_or_dv)            # module enlist(`linear;784;10)
    add_at(k, root, 2, spec)                 # module(q;2;(`select;`last;1;-1))

A spec: `relu | `relu`act | (type;[name];positional..;[named options]) | module pointer.
Each built module carries `kid`: the name it was given (None when unnamed).
"""
from mnistrepl.q.errors import QError
from mnistrepl.q.values import Atom, List, Vec, S, INTEGRAL, enlist, items
from . import layers
from ..core.handles import is_pointer
from ..core.kinds import ModuleObj
from .knn import is_container
from ..core.args import kind, split_options


def _is_sym(x):
    return isinstance(x, Atom) and x.t == -S


def spec_module(k, x):
    """A new torch module from one spec (a module pointer is consumed)."""
    if is_pointer(x):
        obj = k.handles.get(x)
        if not isinstance(obj, ModuleObj):
            raise QError(f"module: expecting module pointer, given {obj.kind}")
        k.handles.take(x)
        return obj.module
    if _is_sym(x):
        return _new(x.v, None, [])
    if isinstance(x, Vec) and x.t == S:
        if len(x.a) not in (1, 2):
            raise QError(f"module: expecting type and optional name, given {len(x.a)} symbols")
        return _new(x.a[0], x.a[1] if len(x.a) == 2 else None, [])
    if isinstance(x, List) and x.items and _is_sym(x.items[0]):
        its = x.items
        if len(its) > 1 and _is_sym(its[1]):
            return _new(its[0].v, its[1].v, its[2:])
        return _new(its[0].v, None, its[1:])
    raise QError(f"module: unrecognized module specification, given {kind(x)}")


def _new(kname, name, rest):
    pos, named = split_options(rest)
    m = layers.build(kname, pos, named)
    m.kid = name or None
    return m


def add_child(parent, child):
    """Add child to a container (its own naming rules); the name used."""
    if not is_container(parent):
        raise QError(f"unable to add a {child.kname} module as a child of a "
                     f"{getattr(parent, 'kname', type(parent).__name__)} module")
    return parent.add(child, getattr(child, "kid", None))


# ---------------------------------------------------------------- tree form

def is_dv(x):
    """Depth-value form: (depth;spec) pairs, or a single pair."""
    def pair(p):
        return (isinstance(p, List) and len(p.items) == 2 and isinstance(p.items[0], Atom)
                and -p.items[0].t in INTEGRAL)
    if pair(x):
        return True
    return isinstance(x, List) and bool(x.items) and all(pair(p) for p in x.items)


def dv_pairs(x):
    """[(depth, spec)] of a depth-value value."""
    ps = [x] if isinstance(x.items[0], Atom) else x.items
    return [(int(p.items[0].v), p.items[1]) for p in ps]


def tree_module(k, x):
    """Build a tree: a leaf spec, or (node spec; child trees..)."""
    if isinstance(x, List) and not is_pointer(x):
        if not x.items:
            raise QError("module: empty tree")
        head = x.items[0]
        if _is_sym(head) or isinstance(head, (Vec, List)):
            m = spec_module(k, head)
            for c in x.items[1:]:
                add_child(m, tree_module(k, c))
            return m
    return spec_module(k, x)


# ---------------------------------------------------------------- depth rules

def stack_of(root):
    """Chain of containers leading to the last container met walking depth-first."""
    chain = []

    def walk(m, path):
        nonlocal chain
        if is_container(m):
            chain = path + [m]
            for c in m.children():
                walk(c, path + [m])
    walk(root, [])
    return chain


def _place(stack, root, depth, m):
    """Add m at depth given the open containers; the new stack."""
    kn = m.kname
    if not stack:
        if root is not None:
            add_child(root, m)        # raises: a non-container root takes no children
        if depth != 0:
            raise QError(f"{kn}: depth {depth} above max depth of 0")
        return [m] if is_container(m) else []
    if depth < 1:
        raise QError(f"{kn}: depth {depth} below min depth of 1")
    if depth > len(stack):
        raise QError(f"{kn}: depth {depth} above max depth of {len(stack)}")
    stack = stack[:depth]
    add_child(stack[-1], m)
    return stack + [m] if is_container(m) else stack


def from_dv(k, pairs, root=None):
    """Build (root None) or extend root from (depth, spec) pairs; the root."""
    stack = stack_of(root) if root is not None else []
    for depth, spec in pairs:
        m = spec_module(k, spec)
        stack = _place(stack, root, depth, m)
        if root is None:
            root = m
    return root


def add_at(k, root, depth, spec):
    """module(q;depth;spec)."""
    from_dv(k, [(depth, spec)], root)


def add_value(k, root, x):
    """module(q;tree) / module(q;dv) / module(q;m): add at the innermost container."""
    if is_dv(x):
        return from_dv(k, dv_pairs(x), root)
    m = tree_module(k, x)
    stack = stack_of(root)
    add_child(stack[-1] if stack else root, m)
    return root


def from_value(k, x):
    """`module x` for a tree or depth-value k value: the new root module."""
    if is_dv(x):
        return from_dv(k, dv_pairs(x))
    return tree_module(k, x)


# ---------------------------------------------------------------- trees as k values

def seq(x):
    """seq x: keep the first item, enlist every other item."""
    its = items(x) if isinstance(x, (List, Vec)) else [x]
    if not its:
        raise QError("seq: empty list")
    if not (_is_sym(its[0]) or isinstance(its[0], (List, Vec))):
        raise QError(f"seq: expecting module symbol, given {kind(its[0])}")
    return List([its[0]] + [enlist(i) for i in its[1:]])


def dv_of_tree(x, depth=0):
    """tree -> [(depth, spec)] pairs."""
    if isinstance(x, List) and x.items and (_is_sym(x.items[0]) or
                                            isinstance(x.items[0], (Vec, List))):
        out = [(depth, x.items[0])]
        for c in x.items[1:]:
            out.extend(dv_of_tree(c, depth + 1))
        return out
    if isinstance(x, Vec) and x.t == S and len(x.a) == 1:
        return [(depth, Atom(-S, x.a[0]))]
    return [(depth, x)]


def tree_of_dv(pairs):
    """[(depth, spec)] -> tree k value (specs enlisted where they are leaves)."""

    def node(i):
        d, spec = pairs[i]
        kids, j = [], i + 1
        while j < len(pairs) and pairs[j][0] > d:
            sub, j = node(j)
            kids.append(sub)
        if not kids:
            return (enlist(spec), j)
        return (List([spec] + kids), j)
    if not pairs:
        raise QError("tree: empty list")
    return node(0)[0]
