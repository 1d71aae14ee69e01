"""Batching and shuffling of tensors, vectors and dictionaries (ktorch-api.md 3.5, 3.6).

    batch(t;100)     -> 1b while a batch is selected, 0b (and restored) after the last
    batch(t;100;3)   -> selects rows 300..399; null
    restore t        -> full size          shuffle t / shuffle(t;dim) -> null
A batch is a narrow view of the full tensor (writes through it change the data). A model
pointer is handed to the model object's own batch / restore / shuffle (train/model.py).
"""
import math


from ..core.lazy import torch
from mnistrepl.q.errors import QError
from mnistrepl.q.values import B, H, I, J, Atom, List, Vec, IDENTITY, INTEGRAL, boolean, long
from ..core.api import API
from ..core.handles import is_pointer
from ..core.kinds import TensorObj, VectorObj
from ..core.args import kind
from .tensor_options import need


def _args(k, owner, x):
    args = list(x.items) if isinstance(x, List) and not is_pointer(x) else [x]
    if not args:
        raise QError(f"{owner}: expecting tensor, vector, dictionary or model")
    return need(k, owner, args[0]), args[1:]


def _fulls(obj):
    """[(key, full tensor)] of a tensor (key None), vector (index) or dictionary (name)."""
    if isinstance(obj, TensorObj):
        if obj.t is None:
            raise QError("batch: undefined tensor")
        return [(None, obj.t)]
    if isinstance(obj, VectorObj):
        return list(enumerate(obj.ts))
    return list(obj.ts.items())


def _set_views(obj, fn):
    """Each view becomes fn(full tensor)."""
    if isinstance(obj, TensorObj):
        obj.view = fn(obj.t)
    elif isinstance(obj, VectorObj):
        obj.views = [fn(t) for t in obj.ts]
    else:
        obj.views = {n: fn(t) for n, t in obj.ts.items()}


def full_size(obj, dim):
    """The common size along dim of every tensor (error naming the first that differs)."""
    n = None
    for key, t in _fulls(obj):
        if not -t.dim() <= dim < max(t.dim(), 1) or t.dim() == 0:
            raise QError(f"batch: dimension {dim} out of range for {t.dim()}-d tensor")
        if n is not None and t.shape[dim] != n:
            raise QError(f"{obj.kind}[{key}] size={t.shape[dim]}, but previous tensor(s) "
                         f"have size={n} for dim {dim}")
        n = t.shape[dim]
    return 0 if n is None else n


def restore_obj(obj):
    obj.batching = None
    _set_views(obj, lambda t: t)


def select(obj, w, i, dim):
    """Narrow every tensor to batch i of size w along dim."""
    n = full_size(obj, dim)
    start = i * w
    _set_views(obj, lambda t: t.narrow(dim, start, min(n, start + w) - start))
    obj.batching = {"w": w, "i": i, "dim": dim}


def _long(owner, x):
    if isinstance(x, Atom) and -x.t in INTEGRAL and x.t != -B:
        return int(x.v)
    raise QError(f"{owner}: expecting long integer, given {kind(x)}")


def _size_dim(x):
    """w or (w;dim) as (w, dim)."""
    if isinstance(x, Vec) and x.t in (H, I, J) and len(x.a) == 2:
        return int(x.a[0]), int(x.a[1])
    return _long("batch", x), 0


@API.qfunc("batch", 1)
def batch(k, x):
    """batch(x;w) iterates (1b per batch, 0b after the last); batch(x;w;i) selects batch i."""
    obj, args = _args(k, "batch", x)
    if obj.kind == "model":
        return obj.batch(args)
    if obj.kind not in ("tensor", "vector", "dictionary") or len(args) not in (1, 2):
        raise QError("batch: expecting (tensor/vector/dictionary;size) or (..;size;index)")
    w, dim = _size_dim(args[0])
    n = full_size(obj, dim)
    if not 1 <= w < n:
        raise QError(f"batch: size {w} not in the range 1-{n - 1}")
    batches = math.ceil(n / w)
    if len(args) == 2:
        i = _long("batch", args[1])
        if not 0 <= i < batches:
            raise QError(f"batch[{i}] invalid, valid range is from 0-{batches - 1}")
        select(obj, w, i, dim)
        return IDENTITY
    st = obj.batching
    i = st["i"] + 1 if st is not None and st["w"] == w and st["dim"] == dim else 0
    if i >= batches:
        restore_obj(obj)
        return boolean(False)
    select(obj, w, i, dim)
    return boolean(True)


@API.qfunc("restore", 1)
def restore(k, x):
    """restore x / restore(x;dim) -> undo batching; the full size along dim."""
    obj, args = _args(k, "restore", x)
    if obj.kind == "model":
        return obj.restore(args)
    if obj.kind not in ("tensor", "vector", "dictionary") or len(args) > 1:
        raise QError("restore: expecting tensor, vector or dictionary, with optional dim")
    dim = _long("restore", args[0]) if args else \
        (obj.batching["dim"] if obj.batching else 0)
    restore_obj(obj)
    return long(full_size(obj, dim))


@API.qfunc("shuffle", 1)
def shuffle(k, x):
    """shuffle x / shuffle(x;dim): restore, then one random permutation along dim for
    every tensor, in place; null."""
    obj, args = _args(k, "shuffle", x)
    if obj.kind == "model":
        return obj.shuffle(args)
    if obj.kind not in ("tensor", "vector", "dictionary") or len(args) > 1:
        raise QError("shuffle: expecting tensor, vector or dictionary, with optional dim")
    dim = _long("shuffle", args[0]) if args else 0
    restore_obj(obj)
    fulls = _fulls(obj)
    n = full_size(obj, dim)
    if not fulls:
        return IDENTITY
    perm = torch.randperm(n, device=fulls[0][1].device)
    with torch.no_grad():
        for _, t in fulls:
            t.copy_(t.index_select(dim, perm.to(t.device)))
    return IDENTITY
