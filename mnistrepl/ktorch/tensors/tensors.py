"""Tensors (ktorch-api.md 3.1-3.4): create, retrieve, reshape, attributes.

    tensor 1 2 3               -> pointer        tensor(`randn;60 28 28) -> pointer
    tensor t                   -> k value        tensor(t;i) / tensor(t;dim;i)
    resize(t;-1 784)           in place          resize(x;-1 784) -> k array
    dtype t, options t, gradient t, gradflag(t;1b), defined t, contiguous t, grad t
Vectors and dictionaries live in vectors.py, batching in batching.py, fills in fills.py.
"""
import math

import numpy as np

from ..core.lazy import torch
from mnistrepl.q.errors import QError
from mnistrepl.q.values import (B, H, I, J, S, Atom, Dict, List, Vec, IDENTITY, INTEGRAL, boolean,
                        from_items, sym, symvec)
from ..core.api import API
from .convert import DTYPE_NAMES, from_array, to_array, to_q, to_tensor, torch_dtype, value_of
from .creation import create
from ..core.handles import is_pointer
from ..core.kinds import DictObj, TensorObj, VectorObj
from ..core.memory import check_bytes
from ..core.args import arglist, kind
from .tensor_options import (check_indices, defined, device_sym, dtype_sym, is_opt_syms,
                             module_of, need, need_tensor, parse_opts)
from .vectors import select_keys


# ---------------------------------------------------------------- tensor

@API.qfunc("tensor", 1)
def tensor(k, x):
    """tensor v / tensor(v;opts) / tensor(mode;size..) create; tensor t retrieves."""
    if x is IDENTITY:
        return k.new(TensorObj(None))
    if isinstance(x, List) and not x.items:
        return k.new(TensorObj(torch.empty(0)))
    if is_pointer(x):
        return _retrieve(k, need(k, "tensor", x), [])
    args = arglist(x) if isinstance(x, List) else [x]
    first = args[0]
    if isinstance(x, List) and isinstance(first, Atom) and first.t == -S and len(args) > 1:
        return create(k, first.v, args[1:])
    if isinstance(x, List) and is_pointer(first):
        return _retrieve(k, need(k, "tensor", first), args[1:])
    if isinstance(x, List) and len(args) == 2 and is_pointer(args[1]):
        return _replace(k, args[0], need_tensor(k, "tensor", args[1]))
    if isinstance(x, List) and len(args) == 2 and is_opt_syms(args[1]):
        return k.new(TensorObj(parse_opts("tensor", args[1]).apply(to_tensor(args[0]))))
    return k.new(TensorObj(to_tensor(x)))


def _replace(k, v, obj):
    """tensor(v;t): t's values become v (in t's dtype and device); null."""
    old = obj.t
    t = to_tensor(v)
    if old is not None:
        t = t.to(dtype=old.dtype, device=old.device)
        t.requires_grad_(old.requires_grad)
    obj.set(t)
    return IDENTITY


def _retrieve(k, obj, args):
    if isinstance(obj, TensorObj):
        return _tensor_value(obj, args)
    if isinstance(obj, VectorObj):
        return _vector_ptrs(k, obj, args)
    if isinstance(obj, DictObj):
        return _dict_ptrs(k, obj, args)
    raise QError(f"tensor: not implemented for {obj.kind}")


def _index(x, owner):
    """int or list of ints of a q integral atom / list."""
    if isinstance(x, Atom) and -x.t in INTEGRAL and x.t != -B:
        return int(x.v)
    if isinstance(x, Vec) and x.t in (H, I, J):
        return [int(v) for v in x.a]
    raise QError(f"{owner}: expecting long index or indices, given {kind(x)}")


def _tensor_value(obj, args):
    """tensor t, tensor(t;i), tensor(t;dim;i)."""
    if not args:
        return value_of(obj)
    defined(obj, "tensor")
    t = obj.view
    if len(args) == 1:
        i = _index(args[0], "tensor")
        check_indices("tensor", t, 0, [i] if isinstance(i, int) else i)
        return to_q(t[i] if isinstance(i, int) else t[torch.tensor(i, dtype=torch.long)])
    if len(args) == 2:
        d, i = _index(args[0], "tensor"), _index(args[1], "tensor")
        if not isinstance(d, int):
            raise QError("tensor: expecting dimension as long atom")
        check_indices("tensor", t, d, [i] if isinstance(i, int) else i)
        return to_q(t.select(d, i) if isinstance(i, int)
                    else t.index_select(d, torch.tensor(i, device=t.device)))
    raise QError("tensor: expecting (tensor;index) or (tensor;dim;index)")


def _vector_ptrs(k, obj, args):
    n = len(obj.ts)
    if not args:
        return List([k.new(TensorObj(t)) for t in obj.ts])
    if len(args) != 1:
        raise QError("tensor: expecting (vector;index)")
    i = _index(args[0], "tensor")
    for j in ([i] if isinstance(i, int) else i):
        if not -n <= j < n:
            raise QError(f"tensor: vector index {j} out of range for {n} element(s)")
    if isinstance(i, int):
        return k.new(TensorObj(obj.ts[i]))
    return List([k.new(TensorObj(obj.ts[j])) for j in i])


def _dict_ptrs(k, obj, args):
    if not args:
        return Dict(symvec(list(obj.ts)), List([k.new(TensorObj(t)) for t in obj.ts.values()]))
    key = args[0]
    if len(args) != 1 or not isinstance(key, (Atom, Vec)) or abs(key.t) != S:
        raise QError("tensor: expecting (dictionary;key(s))")
    names = [key.v] if isinstance(key, Atom) else list(key.a)
    for n in names:
        if n not in obj.ts:
            raise QError(f"tensor: dictionary key: {n} not found")
    if isinstance(key, Atom):
        return k.new(TensorObj(obj.ts[key.v]))
    return List([k.new(TensorObj(obj.ts[n])) for n in names])


# ---------------------------------------------------------------- reshaping

def _shape_arg(k, owner, x):
    """A size as a list of ints; a tensor pointer gives its size."""
    if is_pointer(x):
        return list(need_tensor(k, owner, x).view.shape)
    if isinstance(x, Atom) and -x.t in INTEGRAL and x.t != -B:
        return [int(x.v)]
    if isinstance(x, Vec) and x.t in (H, I, J):
        return [int(v) for v in x.a]
    raise QError(f"{owner}: expecting size as long(s), given {kind(x)}")


def infer(owner, shape, n):
    """Replace one -1 dimension using element count n."""
    if shape.count(-1) > 1:
        raise QError(f"{owner}: only one dimension can be inferred")
    if -1 in shape:
        rest = math.prod(d for d in shape if d != -1)       # np.prod would wrap round
        if rest == 0 or n % rest:
            raise QError(f"{owner}: size {shape} is invalid for input with {n} element(s)")
        shape = [n // rest if d == -1 else d for d in shape]
    if any(d < 0 for d in shape):
        raise QError(f"{owner}: negative size {shape}")
    return shape


def _two(owner, x):
    args = arglist(x)
    if len(args) != 2:
        raise QError(f"{owner}: expecting 2 args, (tensor or array; size)")
    return args


@API.qfunc("resize", 1)
def resize(k, x):
    """resize(t;size) in place (null); resize(array;-1 784) -> k array."""
    a, s = _two("resize", x)
    if is_pointer(a):
        obj = need_tensor(k, "resize", a)
        t = defined(obj, "resize")
        shape = infer("resize", _shape_arg(k, "resize", s), t.numel())
        with torch.no_grad():
            t.resize_(shape)
        obj.set(t)
        return IDENTITY
    arr, qt = to_array(a)
    flat = arr.reshape(-1)
    shape = infer("resize", _shape_arg(k, "resize", s), flat.size)
    n = math.prod(shape)
    check_bytes(n * flat.itemsize)
    if n <= flat.size:
        out = flat[:n].copy()                  # a copy: q values never share storage
    else:
        out = np.concatenate([flat, np.zeros(n - flat.size, dtype=flat.dtype)])
    return from_array(out.reshape(shape), qt)


@API.qfunc("reshape", 1)
def reshape(k, x):
    """reshape(t;size) -> new tensor pointer; reshape(array;size) -> k array."""
    a, s = _two("reshape", x)
    if is_pointer(a):
        obj = need_tensor(k, "reshape", a)
        defined(obj, "reshape")
        return k.new(TensorObj(obj.view.reshape(_shape_arg(k, "reshape", s))))
    arr, qt = to_array(a)
    arr = np.array(arr)
    shape = infer("reshape", _shape_arg(k, "reshape", s), arr.size)
    if math.prod(shape) != arr.size:
        raise QError(f"reshape: size {shape} is invalid for input with {arr.size} element(s)")
    return from_array(arr.reshape(shape), qt)


@API.qfunc("View", 1)
def view_(k, x):
    """View(t;size) -> new tensor pointer viewing t's storage."""
    a, s = _two("View", x)
    obj = need_tensor(k, "View", a)
    defined(obj, "View")
    return k.new(TensorObj(obj.view.view(_shape_arg(k, "View", s))))


@API.qfunc("detach", 1)
def detach(k, x):
    """detach t -> new pointer; detach(t;1b) in place; detach v/(v;i)/d/(d;keys) in place."""
    args = (arglist(x) if isinstance(x, List) and not is_pointer(x) else []) or [x]
    obj = need(k, "detach", args[0])
    if isinstance(obj, TensorObj):
        flag = len(args) == 2 and isinstance(args[1], Atom) and args[1].t == -B and args[1].v
        if len(args) > 2 or (len(args) == 2 and not (isinstance(args[1], Atom) and args[1].t == -B)):
            raise QError("detach: expecting tensor or (tensor;inplace flag)")
        if not flag:
            defined(obj, "detach")
            return k.new(TensorObj(obj.view.detach()))
        obj.t, obj.view = obj.t.detach(), obj.view.detach()
        return IDENTITY
    if isinstance(obj, (VectorObj, DictObj)):
        for key in select_keys(obj, args[1] if len(args) > 1 else None, "detach"):
            obj.ts[key] = obj.ts[key].detach()
            obj.views[key] = obj.views[key].detach()
        return IDENTITY
    raise QError(f"detach: not implemented for {obj.kind}")


# ---------------------------------------------------------------- attributes

def per_tensor(obj, fn, full=False):
    """fn(tensor) for a tensor; symbol list / dictionary for vectors / dictionaries
    (batch views, or the full tensors when `full`); None for other objects."""
    if isinstance(obj, TensorObj):
        return fn(obj.t if full else obj.view)
    if isinstance(obj, (VectorObj, DictObj)):
        ts = obj.ts if full else obj.views
        if isinstance(obj, VectorObj):
            return from_items([fn(t) for t in ts])
        return Dict(symvec(list(ts)), from_items([fn(t) for t in ts.values()]))
    return None


@API.qfunc("dtype", 1)
def dtype(k, x):
    """dtype t -> `float; dtype[] -> default dtype; dtype`double sets the default."""
    if x is IDENTITY or (isinstance(x, List) and not x.items):
        return dtype_sym(torch.get_default_dtype())
    if isinstance(x, Atom) and x.t == -S:
        dt = torch_dtype(DTYPE_NAMES[x.v]) if x.v in DTYPE_NAMES else None
        if dt is None or not dt.is_floating_point:
            raise QError(f"dtype: unable to set default to {x.v}, need floating point type")
        torch.set_default_dtype(dt)
        return IDENTITY
    obj = need(k, "dtype", x)
    out = per_tensor(obj, lambda t: dtype_sym(t.dtype) if t is not None else sym(""))
    if out is not None:
        return out
    m = module_of(obj)
    for p in (m.parameters() if m is not None else ()):
        return dtype_sym(p.dtype)
    return dtype_sym(torch.get_default_dtype())


def _memory(t):
    if t.dim() == 4 and not t.is_contiguous() and t.is_contiguous(memory_format=torch.channels_last):
        return "channel2d"
    if t.dim() == 5 and not t.is_contiguous() and t.is_contiguous(memory_format=torch.channels_last_3d):
        return "channel3d"
    return "contiguous"


def _pinned(t):
    try:
        return t.is_pinned()
    except RuntimeError:        # no accelerator to pin for
        return False


def default_options():
    """`options[]`: the options a new tensor gets."""
    return Dict(symvec(["device", "dtype", "layout", "gradient", "pin", "memory"]),
                symvec(["cpu", dtype_sym(torch.get_default_dtype()).v, "strided",
                        "nograd", "unpinned", "contiguous"]))


def tensor_options(t):
    """q dictionary `device`dtype`layout`gradient`pin`memory of tensor t."""
    vals = [device_sym(t.device).v, dtype_sym(t.dtype).v,
            "strided" if t.layout == torch.strided else "sparse",
            "grad" if t.requires_grad else "nograd",
            "pinned" if _pinned(t) else "unpinned", _memory(t)]
    return Dict(symvec(["device", "dtype", "layout", "gradient", "pin", "memory"]), symvec(vals))


@API.qfunc("gradient", 1)
def gradient(k, x):
    """gradient t -> `grad or `nograd."""
    out = per_tensor(need(k, "gradient", x), lambda t: sym("grad" if t.requires_grad else "nograd"))
    if out is None:
        raise QError("gradient: not implemented for given object")
    return out


@API.qfunc("gradflag", 1)
def gradflag(k, x):
    """gradflag t -> requires_grad; gradflag(t;b) sets it; null."""
    args = (arglist(x) if isinstance(x, List) and not is_pointer(x) else []) or [x]
    obj = need(k, "gradflag", args[0])
    if len(args) == 1:
        out = per_tensor(obj, lambda t: boolean(t.requires_grad))
        if out is None:
            m = module_of(obj)
            return boolean(any(p.requires_grad for p in m.parameters()))
        return out
    flag = args[1]
    if len(args) != 2 or not (isinstance(flag, Atom) and flag.t == -B):
        raise QError("gradflag: expecting (object;boolean flag)")
    if isinstance(obj, (TensorObj, VectorObj, DictObj)):
        ts = [obj.t] if isinstance(obj, TensorObj) else \
            (obj.ts if isinstance(obj, VectorObj) else list(obj.ts.values()))
        for t in ts:
            t.requires_grad_(bool(flag.v))
    else:
        module_of(obj).requires_grad_(bool(flag.v))
    return IDENTITY


@API.qfunc("defined", 1)
def defined_(k, x):
    """defined t -> 1b unless t is the undefined placeholder tensor[]."""
    out = per_tensor(need(k, "defined", x), lambda t: boolean(t is not None))
    if out is None:
        raise QError("defined: expects tensor, vector or dictionary")
    return out


@API.qfunc("contiguous", 1)
def contiguous(k, x):
    """contiguous t -> 1b if the tensor is contiguous in memory."""
    out = per_tensor(need(k, "contiguous", x), lambda t: boolean(t is not None and t.is_contiguous()))
    if out is None:
        raise QError("contiguous: expects tensor, vector or dictionary")
    return out


@API.qfunc("grad", 1)
def grad(k, x):
    """grad t -> gradient as a k value, or :: if none."""
    obj = need(k, "grad", x)
    out = per_tensor(obj, lambda t: IDENTITY if t is None or t.grad is None else to_q(t.grad),
                full=True)
    if out is None:
        raise QError(f"grad: not implemented for {obj.kind}")
    return out
