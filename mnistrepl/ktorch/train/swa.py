"""Weight averaging (ktorch-api.md 8).

    a:dict()                 an empty holder
    use[a]copyparms m        snapshot of the parameters (count 1 implied)
    avgparms(m;a)            running average, returns the count: 2
    all copyparms(m;a)       writes the averages back: parameter -> 1b
    batchnorm m              recomputes batch-norm statistics over the training data
`x` may be a module, model or optimizer pointer.
"""
import numpy as np

from ..core.lazy import torch
from mnistrepl.q.errors import QError
from mnistrepl.q.values import B, F, S, Atom, Dict, List, Vec, IDENTITY, items, long, symvec, vec
from ..core.api import API
from ..core.handles import is_pointer
from ..core.kinds import DictObj
from ..core.args import kind
from ..nn.forward import nforward
from ..tensors.batching import batch
from ..tensors.tensor_options import module_of, need
from .model import datasize

COUNT = ".n"


def _module(k, owner, x):
    obj = need(k, owner, x)
    m = module_of(obj) if obj.kind in ("module", "model", "optimizer") else None
    if m is None:
        raise QError(f"{owner}: expecting module, model or optimizer, given {obj.kind}")
    return obj, m


def _holder(k, owner, x):
    obj = k.handles.get(x)
    if not isinstance(obj, DictObj):
        what = obj.kind if obj is not None else kind(x)
        raise QError(f"{owner}: expecting dictionary of parameters as 2nd arg, given {what}")
    return obj


@API.qfunc("copyparms", 1)
def copyparms(k, x):
    """copyparms m -> new dictionary pointer of parameter copies;
    copyparms(m;d) -> parameter!1b/0b after copying values from d."""
    if is_pointer(x):
        _, m = _module(k, "copyparms", x)
        return k.new(DictObj({n: p.detach().clone() for n, p in m.named_parameters()}))
    args = list(x.items) if isinstance(x, List) else []
    if len(args) != 2:
        raise QError("copyparms: expects model/module/optimizer or (model/module/optimizer;"
                     "dictionary of parameters)")
    _, m = _module(k, "copyparms", args[0])
    d = _holder(k, "copyparms", args[1])
    names, found = [], []
    with torch.no_grad():
        for n, p in m.named_parameters():
            names.append(n)
            found.append(n in d.ts)
            if n in d.ts:
                p.copy_(d.ts[n])
    return Dict(symvec(names), vec(B, found))


@API.qfunc("avgparms", 1)
def avgparms(k, x):
    """avgparms(m;d) -> folds m's parameters into the running average d; the count."""
    args = list(x.items) if isinstance(x, List) and not is_pointer(x) else []
    if len(args) != 2:
        raise QError("avgparms: expects 2 args, model/module/optimizer & dictionary of "
                     "parameters w'averaged weights")
    _, m = _module(k, "avgparms", args[0])
    d = _holder(k, "avgparms", args[1])
    parms = list(m.named_parameters())
    for n, _ in parms:
        if n not in d.ts:
            raise QError(f"avgparms: parameter {n} not found, unable to compute average")
    if COUNT not in d.ts:
        d.ts[COUNT] = torch.tensor(1.0, dtype=torch.float64)
        d.views[COUNT] = d.ts[COUNT]
    n = d.ts[COUNT]
    f = 1.0 / (1.0 + n.item())
    with torch.no_grad():
        for name, p in parms:
            a = d.ts[name]
            a.add_(f * (p.to(a.device, a.dtype) - a))
        n.add_(1)
    return long(int(n.item()))


# ---------------------------------------------------------------- batchnorm

def _norms(m):
    """[(name, batch-norm module)] in depth-first order."""
    bn = torch.nn.modules.batchnorm._BatchNorm
    return [(n, mod) for n, mod in m.named_modules() if isinstance(mod, bn)]


def _momenta(pairs):
    return Dict(symvec([n for n, _ in pairs]),
                vec(F, [np.nan if b.momentum is None else b.momentum for _, b in pairs]))


def _restore(m, x):
    if not (isinstance(x, Dict) and isinstance(x.k, Vec) and x.k.t == S):
        raise QError(f"batchnorm: expecting dictionary of momentum values, given {kind(x)}")
    mods = dict(_norms(m))
    for n, v in zip(x.k.a, items(x.v)):
        if n not in mods:
            raise QError(f"batchnorm: no batchnorm module named {n}")
        val = float(v.v)
        mods[n].momentum = None if np.isnan(val) else val
    return IDENTITY


@API.qfunc("batchnorm", 1)
def batchnorm(k, x):
    """batchnorm m -> reset batch-norm statistics (recomputed over a model's training
    data); the original momenta. batchnorm(x;momenta) restores momentum."""
    if not is_pointer(x):
        args = list(x.items) if isinstance(x, List) else []
        if len(args) != 2:
            raise QError("batchnorm: expecting model/module/optimizer and optional momenta")
        _, m = _module(k, "batchnorm", args[0])
        return _restore(m, args[1])
    obj, m = _module(k, "batchnorm", x)
    pairs = _norms(m)
    out = _momenta(pairs)
    for _, b in pairs:
        b.reset_running_stats()
        b.momentum = None                      # cumulative average over the batches
    if obj.kind == "model" and _has_data(k, x):
        try:
            _recompute(k, x)
        finally:
            _restore(m, out)
    return out


def _has_data(k, x):
    size = datasize(k, x)
    return isinstance(size, Atom) and int(size.v) > 0


def _recompute(k, x):
    """Forward every training batch in training mode without gradients."""
    while bool(batch(k, x).v):
        k.check_stop()
        k.handles.free(nforward(k, x))
