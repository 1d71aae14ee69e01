"""Pointer management and object sizes (ktorch-api.md 1.1, 1.2).

    class p    -> `tensor          free p / free[]      use[a]b       addref p    ref p
    mapped x   -> 1b/0b            return p             obj[]
    size/elements/numel/bytes/tensorcount/dim p  (per tensor for vectors and dictionaries)
"""
import numpy as np

from ..core.lazy import torch
from mnistrepl.q.errors import QError
from mnistrepl.q.values import (J, Atom, Dict, List, Table, IDENTITY, boolean, from_items,
                        items, long, sym, symvec, vec)
from ..core.api import API
from ..core.handles import is_pointer, pointer_id
from ..core.kinds import DictObj, TensorObj, VectorObj
from ..core.args import kind
from .tensor_options import device_sym, dtype_sym, first_device, module_of, need
from .convert import to_tensor, value_of
from .vectors import dict_from_k, vector_from_k


@API.qfunc("class", 1)
def class_(k, x):
    """class p -> `module"""
    return sym(need(k, "class", x).kind)


@API.qfunc("free", 1)
def free(k, x):
    """free p, free(p1;p2), free d (q dictionary of pointers); free[] frees everything."""
    if x is IDENTITY or (isinstance(x, List) and not x.items):
        k.handles.free_all()
        return IDENTITY
    if is_pointer(x):
        k.handles.free(x)
        return IDENTITY
    ptrs = items(x.v) if isinstance(x, Dict) else x.items if isinstance(x, List) else None
    if ptrs is None:
        raise QError(f"free: need allocated torch object, e.g. tensor, module, given {kind(x)}")
    seen = set()
    for i, p in enumerate(ptrs):        # check all first: nothing is freed on error
        if not is_pointer(p):
            raise QError(f"free: element[{i}] of given list is not a pointer, given {kind(p)}")
        if not k.handles.mapped(p) or pointer_id(p) in seen:
            raise QError(f"free: stale pointer, element[{i}] of given list")
        seen.add(pointer_id(p))
    for p in ptrs:
        k.handles.free(p)
    return IDENTITY


@API.qfunc("use", 2)
def use(k, a, b):
    """use[a]b: a's object becomes b's (b consumed, or a k value converted); null."""
    obj = k.handles.get(a)
    if not isinstance(obj, (TensorObj, VectorObj, DictObj)):
        what = obj.kind if obj is not None else kind(a)
        raise QError(f"use: expecting tensor, vector or dictionary as 1st arg, given {what}")
    if is_pointer(b):
        if pointer_id(b) == pointer_id(a):
            return IDENTITY
        new = k.handles.get(b)
        if new.kind != obj.kind:
            raise QError(f"use: cannot replace {obj.kind} with {new.kind}")
        k.handles.take(b)
    else:
        new = _from_k(obj.kind, b)
    k.handles.replace(a, new)
    return IDENTITY


def _from_k(kind_, x):
    if kind_ == "tensor":
        return TensorObj(to_tensor(x))
    if kind_ == "vector":
        return VectorObj(vector_from_k(x))
    return DictObj(dict_from_k(x))


@API.qfunc("addref", 1)
def addref(k, x):
    """addref p -> new pointer sharing p's object."""
    need(k, "addref", x)
    return k.handles.addref(x)


@API.qfunc("ref", 1)
def ref(k, x):
    """ref p -> number of handles sharing the object."""
    need(k, "ref", x)
    return long(k.handles.box(x).refs)


@API.qfunc("mapped", 1)
def mapped(k, x):
    """mapped x -> 1b if x is a live pointer (never errors)."""
    return boolean(k.handles.mapped(x))


@API.qfunc("return", 1)
def return_(k, x):
    """return p -> k value(s) of a tensor, vector or dictionary; the object is freed."""
    obj = need(k, "return", x)
    if obj.kind not in ("tensor", "vector", "dictionary"):
        raise QError(f"return: not implemented for {obj.kind}")
    out = value_of(obj)
    k.handles.free(x)
    return out


# ---------------------------------------------------------------- sizes (1.2)

def _storage_elements(t):
    if t is None:
        return 0
    if t.layout != torch.strided:
        return t.numel()
    return t.untyped_storage().nbytes() // t.element_size()


def _storage_bytes(t):
    if t is None:
        return 0
    if t.layout != torch.strided:
        return t.numel() * t.element_size()
    return t.untyped_storage().nbytes()


def _module_tensors(m):
    return [] if m is None else list(m.parameters()) + list(m.buffers())


def _state_tensors(opt):
    """Tensors in an optimizer's state (torch's scalar `step` counters excluded: libtorch
    keeps them as integers)."""
    out = []
    for st in opt.state.values():
        out.extend(v for key, v in st.items() if isinstance(v, torch.Tensor) and key != "step")
    return out


def _whole(obj, fn):
    """Sum of fn over the tensors a module, loss, optimizer or model holds."""
    if obj.kind == "optimizer":
        return sum(fn(t) for t in _state_tensors(obj.opt))
    if obj.kind == "model":
        return sum(_whole(part, fn) for part in (obj.module, obj.loss, obj.opt) if part is not None)
    return sum(fn(t) for t in _module_tensors(module_of(obj)))


def _per_tensor(k, owner, x, fn, whole=None, full=True):
    """fn(tensor) for a tensor, per tensor for vector/dictionary, whole(obj) otherwise."""
    obj = need(k, owner, x)
    if isinstance(obj, TensorObj):
        return long(fn(obj.t if full else obj.view))
    if isinstance(obj, VectorObj):
        return vec(J, [fn(t) for t in (obj.ts if full else obj.views)])
    if isinstance(obj, DictObj):
        ts = obj.ts if full else obj.views
        return Dict(symvec(list(ts)), vec(J, [fn(t) for t in ts.values()]))
    if whole is None:
        raise QError(f"{owner}: not implemented for {obj.kind}")
    return long(whole(obj))


def _dims(t):
    return vec(J, [] if t is None else list(t.shape))


def size_of(obj):
    """The q value of `size p`."""
    if isinstance(obj, TensorObj):
        return _dims(obj.view)
    if isinstance(obj, VectorObj):
        return List([_dims(t) for t in obj.views])
    if isinstance(obj, DictObj):
        return Dict(symvec(list(obj.views)), List([_dims(t) for t in obj.views.values()]))
    if obj.kind == "optimizer":
        return long(sum(len(g["params"]) for g in obj.opt.param_groups))
    m = module_of(obj)
    return long(0 if m is None else len(list(m.parameters())))


@API.qfunc("size", 1)
def size(k, x):
    """size p -> dims of a tensor (`60 28 28`), list/dict of dims, or parameter count."""
    return size_of(need(k, "size", x))


@API.qfunc("elements", 1)
def elements(k, x):
    """elements p -> elements in storage; module: parameter + buffer elements (7850)."""
    return _per_tensor(k, "elements", x, _storage_elements,
                       lambda o: _whole(o, lambda t: t.numel()))


@API.qfunc("numel", 1)
def numel(k, x):
    """numel t -> elements in the (batch view of the) tensor."""
    return _per_tensor(k, "numel", x, lambda t: 0 if t is None else t.numel(), full=False)


@API.qfunc("bytes", 1)
def bytes_(k, x):
    """bytes p -> storage bytes; module: parameter + buffer bytes."""
    return _per_tensor(k, "bytes", x, _storage_bytes,
                       lambda o: _whole(o, lambda t: t.numel() * t.element_size()))


@API.qfunc("tensorcount", 1)
def tensorcount(k, x):
    """tensorcount p -> 1 for a tensor, count for vector/dict, parameters + buffers."""
    obj = need(k, "tensorcount", x)
    if isinstance(obj, TensorObj):
        return long(1)
    if isinstance(obj, (VectorObj, DictObj)):
        return long(len(obj.ts))
    return long(_whole(obj, lambda t: 1))


@API.qfunc("dim", 1)
def dim(k, x):
    """dim t -> number of dimensions (per tensor for vector/dictionary)."""
    return _per_tensor(k, "dim", x, lambda t: 0 if t is None else t.dim(), full=False)


# ---------------------------------------------------------------- obj[]

COLUMNS = ["ptr", "class", "device", "dtype", "size", "elements", "bytes"]


def _row(k, i, obj):
    ptr = List([Atom(-J, np.int64(i))])
    if isinstance(obj, TensorObj):
        dev = device_sym(obj.t.device).v if obj.t is not None else "cpu"
        dt = dtype_sym(obj.t.dtype).v if obj.t is not None else ""
        el, by = _storage_elements(obj.t), _storage_bytes(obj.t)
    elif isinstance(obj, (VectorObj, DictObj)):
        ts = obj.ts if isinstance(obj, VectorObj) else list(obj.ts.values())
        dev = device_sym(ts[0].device).v if ts else "cpu"
        dt = ""
        el, by = sum(map(_storage_elements, ts)), sum(map(_storage_bytes, ts))
    else:
        dev, dt = device_sym(first_device(obj)).v, ""
        el = _whole(obj, lambda t: t.numel())
        by = _whole(obj, lambda t: t.numel() * t.element_size())
    size_ = long(len(obj.ts)) if isinstance(obj, (VectorObj, DictObj)) else size_of(obj)
    return ptr, obj.kind, dev, dt, size_, el, by


@API.qfunc("obj", 1)
def obj_(k, x):
    """obj[] -> table ptr class device dtype size elements bytes, one row per object."""
    rows = [_row(k, i, box.obj) for i, box in k.handles.live()]
    cols = list(zip(*rows)) if rows else [[] for _ in COLUMNS]
    return Table(COLUMNS, [List(list(cols[0])), symvec(cols[1]), symvec(cols[2]),
                           symvec(cols[3]), from_items(list(cols[4])) if rows else List([]),
                           vec(J, cols[5]), vec(J, cols[6])])
