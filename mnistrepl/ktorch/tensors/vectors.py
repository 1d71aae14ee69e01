"""Vectors and dictionaries of tensors (ktorch-api.md 3.8, 3.9).

    v:vector(1 2 3;4 5e)     vector v -> (1 2 3;4 5e)    vector(v;1) -> 4 5e
    vector(v;0;tensor 9)     replace (pointer consumed)  vector(v;w) appends w
    d:dict `a`b!(1 2;3)      dict d -> q dictionary      dict(d;`c;4 5) sets/appends
    a:dict()                 an empty dictionary
Tensor pointers given as elements or values are consumed (their handles go stale).
"""
from mnistrepl.q.errors import QError
from mnistrepl.q.values import (H, I, J, S, Atom, Dict, List, Vec, IDENTITY, INTEGRAL, B,
                        from_items, items)
from ..core.api import API
from .convert import to_q, to_tensor, value_of
from ..core.handles import is_pointer
from ..core.kinds import DictObj, TensorObj, VectorObj
from ..core.args import kind
from .tensor_options import need


def _elements(k, owner, values):
    """[(tensor, pointer or None)] for k arrays / tensor pointers; nothing consumed yet."""
    out = []
    for v in values:
        if is_pointer(v):
            obj = need(k, owner, v)
            if not isinstance(obj, TensorObj) or obj.t is None:
                raise QError(f"{owner}: expecting tensor pointer, given {obj.kind}")
            out.append((obj.t, v))
        else:
            out.append((to_tensor(v), None))
    return out


def _consume(k, pairs):
    """Take the handles of the pointers among pairs (after every check has passed)."""
    for _, p in pairs:
        if p is not None:
            k.handles.take(p)
    return [t for t, _ in pairs]


def vector_from_k(x):
    """Tensors of a k value: one per item of a list (an atom gives one)."""
    return [to_tensor(v) for v in (items(x) if isinstance(x, (List, Vec)) else [x])]


def dict_from_k(x):
    """{name: tensor} of a q dictionary with symbol keys."""
    if not (isinstance(x, Dict) and isinstance(x.k, Vec) and x.k.t == S):
        raise QError(f"dict: expecting dictionary with symbol keys, given {kind(x)}")
    return {n: to_tensor(v) for n, v in zip(x.k.a, items(x.v))}


def _reset(obj):
    """Element changes end any batching."""
    obj.views = list(obj.ts) if isinstance(obj, VectorObj) else dict(obj.ts)
    obj.batching = None


def select_keys(obj, sel, owner):
    """Indices (vector) or names (dictionary) chosen by sel; all when sel is None."""
    if sel is None:
        return list(range(len(obj.ts))) if isinstance(obj, VectorObj) else list(obj.ts)
    if isinstance(obj, VectorObj):
        return [_vindex(obj, i, owner) for i in _ints(sel, owner)]
    return _names(obj, sel, owner)


def _ints(x, owner):
    if isinstance(x, Atom) and -x.t in INTEGRAL and x.t != -B:
        return [int(x.v)]
    if isinstance(x, Vec) and x.t in (H, I, J):
        return [int(v) for v in x.a]
    raise QError(f"{owner}: expecting long index or indices, given {kind(x)}")


def _vindex(obj, i, owner):
    n = len(obj.ts)
    if not -n <= i < n:
        raise QError(f"{owner}: index {i} invalid for vector with {n} element(s)")
    return i % n


def _names(obj, x, owner):
    if not (isinstance(x, (Atom, Vec)) and abs(x.t) == S):
        raise QError(f"{owner}: expecting symbol key(s), given {kind(x)}")
    names = [x.v] if isinstance(x, Atom) else [str(s) for s in x.a]
    for n in names:
        if n not in obj.ts:
            raise QError(f"{owner}: dictionary key: {n} not found")
    return names


# ---------------------------------------------------------------- vector

@API.qfunc("vector", 1)
def vector(k, x):
    """vector(a;b;..) new; vector v values; vector(v;i); vector(v;i;val); vector(v;w)."""
    if x is IDENTITY or (isinstance(x, List) and not x.items):
        return k.new(VectorObj([]))
    if is_pointer(x):
        obj = need(k, "vector", x)
        if isinstance(obj, VectorObj):
            return from_items([to_q(t) for t in obj.views])
        return k.new(VectorObj(_consume(k, _elements(k, "vector", [x]))))
    args = x.items if isinstance(x, List) else None
    if args and is_pointer(args[0]) and isinstance(need(k, "vector", args[0]), VectorObj):
        return _vector_op(k, need(k, "vector", args[0]), args[1:])
    if args is None:
        return k.new(VectorObj(vector_from_k(x)))
    return k.new(VectorObj(_consume(k, _elements(k, "vector", args))))


def _vector_op(k, obj, args):
    if len(args) == 1 and is_pointer(args[0]):
        w = need(k, "vector", args[0])
        if not isinstance(w, VectorObj):
            raise QError(f"vector: expecting vector to append, given {w.kind}")
        if w is obj:
            raise QError("vector: cannot append a vector to itself")
        obj.ts.extend(w.ts)
        k.handles.take(args[0])
        _reset(obj)
        return IDENTITY
    if len(args) == 1:
        idx = select_keys(obj, args[0], "vector")
        vals = [to_q(obj.views[i]) for i in idx]
        return vals[0] if isinstance(args[0], Atom) else from_items(vals)
    if len(args) == 2:
        idx = select_keys(obj, args[0], "vector")
        vals = [args[1]] if isinstance(args[0], Atom) else items(args[1])
        if len(vals) != len(idx):
            raise QError(f"vector: {len(idx)} index(es) but {len(vals)} value(s)")
        for i, t in zip(idx, _consume(k, _elements(k, "vector", vals))):
            obj.ts[i] = t
        _reset(obj)
        return IDENTITY
    raise QError("vector: expecting (vector;index), (vector;index;values) or (vector;vector)")


# ---------------------------------------------------------------- dict

@API.qfunc("dict", 1)
def dict_(k, x):
    """dict kd / dict(keys;vals) new; dict d values; dict(d;keys); dict(d;keys;vals)."""
    if x is IDENTITY or (isinstance(x, List) and not x.items):
        return k.new(DictObj({}))
    if is_pointer(x):
        obj = need(k, "dict", x)
        if not isinstance(obj, DictObj):
            raise QError(f"dict: expecting dictionary, given {obj.kind}")
        return value_of(obj)
    if isinstance(x, Dict):
        return k.new(DictObj(_pairs(k, x.k, x.v)))
    args = x.items if isinstance(x, List) else []
    if args and is_pointer(args[0]):
        obj = need(k, "dict", args[0])
        if not isinstance(obj, DictObj):
            raise QError(f"dict: expecting dictionary, given {obj.kind}")
        return _dict_op(k, obj, args[1:])
    if len(args) == 2 and isinstance(args[0], (Atom, Vec)) and abs(args[0].t) == S:
        return k.new(DictObj(_pairs(k, args[0], args[1])))
    raise QError(f"dict: unrecognized arg(s), given {kind(x)}")


def _pairs(k, keys, vals):
    """{name: tensor} of keys and values (pointers among the values consumed)."""
    if isinstance(keys, Atom) and keys.t == -S:
        names, vals = [keys.v], [vals]
    elif isinstance(keys, Vec) and keys.t == S:
        names, vals = [str(s) for s in keys.a], items(vals)
    else:
        raise QError(f"dict: expecting symbol keys, given {kind(keys)}")
    if len(names) != len(vals):
        raise QError(f"dict: {len(names)} key(s) but {len(vals)} value(s)")
    return dict(zip(names, _consume(k, _elements(k, "dict", vals))))


def _dict_op(k, obj, args):
    if len(args) == 1 and isinstance(args[0], Dict):
        obj.ts.update(_pairs(k, args[0].k, args[0].v))
        _reset(obj)
        return IDENTITY
    if len(args) == 1:
        names = _names(obj, args[0], "dict")
        vals = [to_q(obj.views[n]) for n in names]
        return vals[0] if isinstance(args[0], Atom) else from_items(vals)
    if len(args) == 2:
        obj.ts.update(_pairs(k, args[0], args[1]))
        _reset(obj)
        return IDENTITY
    raise QError("dict: expecting (dictionary;keys), (dictionary;keys;values) or "
                 "(dictionary;kdict)")
