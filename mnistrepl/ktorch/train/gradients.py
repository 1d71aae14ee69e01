"""Step-by-step training (ktorch-api.md 7.5): backward on a model or tensor, backstep,
gradient clipping by norm (`clip`) and by value (`clipv`). Their api functions are in model.py."""
import numpy as np

from ..core.lazy import torch
from mnistrepl.q.errors import QError
from mnistrepl.q.values import F, S, Atom, Vec, IDENTITY, B
from . import loop as T
from ..tensors.convert import to_q, to_tensor
from ..core.handles import is_pointer
from ..tensors.inputs import pointer_tensors, tensors
from ..core.kinds import DictObj, ModuleObj, OptObj, TensorObj, VectorObj
from ..core.args import arglist, kind
from ..nn.arity import check

MODES = {"free": (False, False), "retain": (True, False), "create": (True, True),
         "createfree": (False, True)}
BACKWARD_USAGE = ("backward: expects tensor or model as 1st arg, e.g. backward(tensor) "
                  "or backward(model;inputs;targets)")


def _obj(k, x):
    return k.handles.get(x) if is_pointer(x) else None


def model_xy(k, m, args, owner):
    """Input and target tensors: the model's training data, or (m;x;y)."""
    if not args:
        d = m.data
        xs, ys = d.current("x"), d.current("y")
        if not xs:
            name = getattr(m.module.module, "kname", type(m.module.module).__name__)
            raise QError(f"{name}: forward(tensor) not implemented given empty")
        return xs, ys
    if len(args) != 2:
        raise QError(f"{owner} expecting (model;inputs;targets), but {len(args) + 1} args given")
    dev = m.device()
    return tensors(k, [args[0]], dev), tensors(k, [args[1]], dev)


def model_backward(k, m, args):
    """Forward (current mode), loss, backward; gradients accumulate: loss atom."""
    xs, ys = model_xy(k, m, args, "backward")
    check(m.module.module, len(xs), "backward")
    out = m.module.module(*xs)
    loss = m.loss.module(T.first_output(out), *ys)
    loss.backward()
    return to_q(loss)


def backstep(k, m, args):
    """One `run` batch on the given or current data: loss atom."""
    xs, ys = model_xy(k, m, args, "backstep")
    loss, _ = T.train_step(m, xs, ys)
    return to_q(loss)


def tensor_backward(k, obj, args):
    """backward t / (t;`mode) / (t;grad) / (t;grad;`mode): null."""
    retain, create = False, False
    if args and isinstance(args[-1], Atom) and args[-1].t == -S:
        mode = args[-1].v
        if mode not in MODES:
            raise QError(f"backward: unrecognized mode: {mode}")
        retain, create = MODES[mode]
        args = args[:-1]
    ts = _tensors_of(obj)
    grads = None
    if len(args) == 1:
        g = args[0]
        gobj = _obj(k, g)
        grads = [_grad_like(gobj.t if isinstance(gobj, TensorObj) else
                            to_tensor(g, device=ts[0].device), t) for t in ts]
    elif len(args) > 1:
        raise QError("backward: unexpected arg(s), expecting (t;s), (t;g) or (t;g;s) with "
                     "t-tensor, g-tensor, s-sym, e.g. `retain")
    torch.autograd.backward(ts, grads, retain_graph=retain, create_graph=create)
    return IDENTITY


def _grad_like(g, t):
    if g.dim() == 0 and t.dim():
        g = g.expand_as(t)
    return g.to(dtype=t.dtype) if g.dtype != t.dtype and g.is_floating_point() else g


def _tensors_of(obj):
    if obj.kind not in ("tensor", "vector", "dictionary"):
        raise QError(BACKWARD_USAGE)
    return pointer_tensors(obj)


# ---------------------------------------------------------------- clipping

def param_groups(obj, owner):
    """Lists of tensors whose gradients get clipped, one per optimizer group."""
    if isinstance(obj, TensorObj):
        return [[obj.t]]
    if isinstance(obj, VectorObj):
        return [list(obj.ts)]
    if isinstance(obj, DictObj):
        return [list(obj.ts.values())]
    if isinstance(obj, ModuleObj):
        return [list(obj.module.parameters())]
    if isinstance(obj, OptObj):
        return [list(g["params"]) for g in obj.opt.param_groups]
    if getattr(obj, "kind", None) == "model":
        return [list(g["params"]) for g in obj.opt.opt.param_groups]
    raise QError(f"{owner}: expecting tensor, vector, dictionary, module, optimizer or "
                 f"model, given {getattr(obj, 'kind', None) or 'k value'}")


def _num(x, owner, what):
    if isinstance(x, Atom) and -x.t in (5, 6, 7, 8, 9):
        return float(x.v)
    raise QError(f"{owner}: {what} expects a number, given {kind(x)}")


def clip(k, x):
    """clip(x;maxnorm[;normtype][;groupflag]) -> previous norm(s); `clip m` applies
    the model's clip options (null)."""
    obj = _obj(k, x)
    if obj is not None and getattr(obj, "kind", None) == "model":
        T.clip(obj)
        return IDENTITY
    args = arglist(x)
    obj = _obj(k, args[0]) if args else None
    if obj is None or len(args) < 2:
        raise QError("clip: expecting (tensors;maxnorm), (tensors;maxnorm;normtype) or "
                     "(tensors;maxnorm;normtype;groupflag)")
    group = False
    rest = args[2:]
    if rest and isinstance(rest[-1], Atom) and rest[-1].t == -B:
        group, rest = bool(rest[-1].v), rest[:-1]
    mx = _num(args[1], "clip", "maxnorm")
    p = _num(rest[0], "clip", "normtype") if rest else 2.0
    groups = param_groups(obj, "clip")
    if group:
        norms = [float(torch.nn.utils.clip_grad_norm_(g, mx, p)) for g in groups]
        return Vec(F, np.array(norms, dtype=np.float64))
    n = torch.nn.utils.clip_grad_norm_([t for g in groups for t in g], mx, p)
    return Atom(-F, np.float64(float(n)))


def clipv(k, x):
    """clipv(x;value): clamp gradients to [-value, value]; returns 0n."""
    args = arglist(x)
    obj = _obj(k, args[0]) if len(args) == 2 else None
    if obj is None:
        raise QError("clipv: expecting (tensors;value)")
    v = _num(args[1], "clipv", "value")
    torch.nn.utils.clip_grad_value_([t for g in param_groups(obj, "clipv") for t in g], v)
    return Atom(-F, np.float64("nan"))
