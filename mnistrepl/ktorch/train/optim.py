"""Optimizers (ktorch-api.md 6): `opt`, `lr`, `step`, `zerograd`, `nograd`.

    q)o:opt(`sgd;q;.04)                      / module q's parameters, lr .04
    q)lr o
    ,0.04
    q)opt(`adamw;q;`beta1`beta2`decay!.5 .95 .1)
    q)opt o                                  / `optimizer`options`parms definition

An OptObj holds the torch optimizer, its ktorch name, `kopts` (the construction defaults
in ktorch names) and the ModuleObj its parameters came from; `labels` maps id(param) to
(module label, name) for the `parms` table (optimizer_parms.py). ktorch option names map to
torch's (decay -> weight_decay, beta1/beta2 -> betas, ...); every optimizer has at least
group 0, possibly with no parameters yet (`` opt`sgd ``).
"""
import numpy as np

from ..core.lazy import torch
from mnistrepl.q.errors import QError
from mnistrepl.q.values import B, E, F, J, NULL_INT, Atom, Dict, List, Vec, IDENTITY, from_items, sym, symvec
from ..core.api import API
from ..core.handles import is_pointer
from ..core.kinds import OptObj
from . import lamb
from .lamb import LambError
from ..nn.losses import options_dict
from .kernels import kernel_options, refit
from .optimizer_parms import parms_table, source
from ..core.args import (BOOL, FLOAT, LONG, Fields, arglist, is_sym, kind, split_options,
                         to_long, to_sym)


def _f(name, default):
    return (name, default, FLOAT)


def _eval(owner, name, x):
    """lbfgs eval: a long, or a null long for the default (iter*5 div 4)."""
    if isinstance(x, Atom) and x.t == -J and int(x.v) == NULL_INT[J]:
        return None
    return to_long(owner, name, x)


def _search(owner, name, x):
    """lbfgs line search: `strong_wolfe, or the null symbol for none."""
    v = to_sym(owner, name, x)
    if v not in ("", "strong_wolfe"):
        raise QError(f"{owner}: unrecognized line search: {v}, expecting `strong_wolfe")
    return v or None


ADAM = (_f("lr", 0.001), _f("beta1", 0.9), _f("beta2", 0.999), _f("eps", 1e-08))
# name -> (the torch class, got when needed: torch loads on first use; options)
OPTS = {
    "sgd": (lambda: torch.optim.SGD, Fields(_f("lr", 0.01), _f("momentum", 0.0), _f("dampening", 0.0),
                                    _f("decay", 0.0), ("nesterov", False, BOOL))),
    "adam": (lambda: torch.optim.Adam, Fields(*ADAM, _f("decay", 0.0), ("amsgrad", False, BOOL))),
    "adamw": (lambda: torch.optim.AdamW, Fields(*ADAM, _f("decay", 0.01), ("amsgrad", False, BOOL))),
    "lamb": (lambda: lamb.Lamb, Fields(*ADAM, _f("decay", 0.0), ("unbiased", True, BOOL),
                          ("globalnorm", True, BOOL), ("trustclip", True, BOOL),
                          _f("trustmin", 0.0), _f("trustmax", 1.0))),
    "lbfgs": (lambda: torch.optim.LBFGS, Fields(_f("lr", 1.0), ("iter", 20, LONG), ("eval", None, _eval),
                                        _f("gradtol", 1e-07), _f("changetol", 1e-09),
                                        ("history", 100, LONG), ("search", None, _search))),
    "rmsprop": (lambda: torch.optim.RMSprop, Fields(_f("lr", 0.01), _f("alpha", 0.99), _f("eps", 1e-08),
                                            _f("decay", 0.0), _f("momentum", 0.0),
                                            ("centered", False, BOOL))),
    "adagrad": (lambda: torch.optim.Adagrad, Fields(_f("lr", 0.01), _f("lrdecay", 0.0), _f("decay", 0.0),
                                            _f("init", 0.0), _f("eps", 1e-10))),
}
TORCH_NAME = {"decay": "weight_decay", "lrdecay": "lr_decay", "init": "initial_accumulator_value",
              "iter": "max_iter", "eval": "max_eval", "gradtol": "tolerance_grad",
              "changetol": "tolerance_change", "history": "history_size",
              "search": "line_search_fn"}


def _spec(name):
    if name not in OPTS:
        raise QError(f"unrecognized optimizer: {name}")
    return OPTS[name]


# ---------------------------------------------------------------- option translation

def to_torch(kopts, group=None):
    """torch group settings from ktorch options (betas completed from `group`)."""
    out = {TORCH_NAME.get(n, n): v for n, v in kopts.items() if n not in ("beta1", "beta2")}
    if "beta1" in kopts or "beta2" in kopts:
        b1, b2 = group["betas"] if group is not None else (None, None)
        out["betas"] = (kopts.get("beta1", b1), kopts.get("beta2", b2))
    return out


def from_group(name, group):
    """ktorch options of one torch parameter group, typed as the fields say."""
    out = {}
    for n, _, conv in _spec(name)[1].fields:
        if n in ("beta1", "beta2"):
            v = group["betas"][0 if n == "beta1" else 1]
        else:
            v = group[TORCH_NAME.get(n, n)]
        out[n] = _typed(conv, v)
    return out


def _typed(conv, v):
    """A group setting as its field's type: flag, long, symbol (None: the null symbol)."""
    if conv == BOOL:
        return bool(v)
    if conv in (LONG, _eval):
        return int(v)
    if conv == _search:
        return v or ""
    return float(v)


def parse_given(name, values):
    """Only the options given (positional then named), as {ktorch name: value}."""
    fields = _spec(name)[1]
    pos, named = split_options(values)
    full = fields.parse(name, pos, named)
    return {n: full[n] for n in fields.names[:len(pos)] + [n for n, _ in named]}


def _construct(cls, groups, kopts, kernel=None):
    """A torch optimizer; invalid settings raise their message as the q error."""
    try:
        return cls([{"params": ps} for ps in groups], **to_torch(kopts), **(kernel or {}))
    except ValueError as e:
        raise QError(str(e).splitlines()[0])


# ---------------------------------------------------------------- definition

def definition(obj, alloptions=True):
    """`opt o`: dictionary `optimizer`options`parms."""
    defaults = None if alloptions else _spec(obj.kname)[1].defaults()
    rows = [options_dict(from_group(obj.kname, g), defaults) for g in obj.opt.param_groups]
    return Dict(symvec(["optimizer", "options", "parms"]),
                List([sym(obj.kname), from_items(rows), parms_table(obj)]))


def _all(k):
    return bool(k.settings.get("alloptions", True))


# ---------------------------------------------------------------- opt

def _is_group(x):
    return isinstance(x, Atom) and x.t in (-5, -6, -7)


def _new_labels(obj, entries):
    labels = getattr(obj, "labels", None) or {}
    labels.update({id(p): (label, name) for p, label, name in entries})
    obj.labels = labels


def create(k, name, rest):
    """`opt(name;parms;opts..)` / `opt(name;0;parms;opts..)`: a new OptObj."""
    torch_class, fields = _spec(name)
    if rest and _is_group(rest[0]):
        if int(rest[0].v) != 0:
            raise QError(f"opt: group {int(rest[0].v)} invalid, cannot be greater than "
                         f"number of groups(0)")
        rest = rest[1:]
    entries, mod = source(k, rest[0]) if rest else ([], None)
    pos, named = split_options(rest[1:])
    kopts = fields.parse(name, pos, named)
    obj = OptObj(_construct(torch_class(), [[p for p, _, _ in entries]], kopts,
                            kernel_options(name, entries, kopts)), name, kopts, mod)
    _new_labels(obj, entries)
    return obj


def _managed(obj):
    return {id(p) for g in obj.opt.param_groups for p in g["params"]}


def modify(k, obj, rest):
    """`opt(o;();opts..)` reset all groups, `opt(o;g;parms;opts..)` add to / set group g,
    `opt(o;parms;opts..)` add to group 0."""
    group = None
    if rest and _is_group(rest[0]):
        group, rest = int(rest[0].v), rest[1:]
    entries, mod = source(k, rest[0]) if rest else ([], None)
    given = parse_given(obj.kname, rest[1:])
    groups = obj.opt.param_groups
    if group is not None and group > len(groups):
        raise QError(f"opt: group {group} invalid, cannot be greater than number of "
                     f"groups({len(groups)})")
    if group is not None and group < 0:
        raise QError(f"opt: group {group} invalid, cannot be negative")
    if _managed(obj) & {id(p) for p, _, _ in entries}:
        raise QError("opt: parameter(s) already managed by the optimizer")
    params = [p for p, _, _ in entries]
    refit(obj.opt, entries)
    if group is None and not entries:
        _reset_all(obj, given)
    elif group == len(groups):
        _add_group(obj, params, {**obj.kopts, **given})
    else:
        g = groups[group or 0]
        g["params"].extend(params)
        g.update(to_torch(given, g))
    if obj.module is None and mod is not None:
        obj.module = mod
    _new_labels(obj, entries)


def _add_group(obj, params, kopts):
    try:
        obj.opt.add_param_group({"params": params, **to_torch(kopts)})
    except ValueError as e:
        raise QError(str(e).splitlines()[0])


def _reset_all(obj, given):
    """New option values for every group and the construction defaults."""
    for g in obj.opt.param_groups:
        g.update(to_torch(given, g))
    obj.kopts = {**obj.kopts, **given}
    obj.opt.defaults.update(to_torch(given, obj.opt.defaults)
                            if "betas" in obj.opt.defaults else to_torch(given))


@API.qfunc("opt", 1)
def opt(k, x):
    """`opt(name;parms;opts..)` new optimizer; `opt o` / `opt(o;flag)` definition;
    `opt m` the model's optimizer; `opt(o;[group;]parms;opts..)` add / reset."""
    if is_pointer(x):
        obj = k.handles.get(x)
        if obj.kind == "optimizer":
            return definition(obj, _all(k))
        if obj.kind == "model":
            return k.new(obj.opt)
        raise QError(f"opt: unrecognized arg, expecting optimizer or model, given {obj.kind}")
    args = arglist(x)
    if args and is_sym(args[0]):
        return k.new(create(k, args[0].v, args[1:]))
    obj = k.handles.get(args[0]) if args and is_pointer(args[0]) else None
    if obj is None or obj.kind != "optimizer":
        what = obj.kind if obj is not None else (kind(args[0]) if args else "empty list")
        raise QError(f"opt: unrecognized arg(s), expecting optimizer name or pointer, given {what}")
    rest = args[1:]
    if len(rest) == 1 and isinstance(rest[0], Atom) and rest[0].t == -B:
        return definition(obj, bool(rest[0].v))
    modify(k, obj, rest)
    return IDENTITY


# ---------------------------------------------------------------- lr / step

def optimizer_of(k, x, owner):
    """The OptObj of an optimizer or model pointer."""
    obj = k.handles.get(x) if is_pointer(x) else None
    if obj is not None and obj.kind == "optimizer":
        return obj
    if obj is not None and obj.kind == "model":
        return obj.opt
    raise QError(f"{owner}: expecting optimizer or model, given "
                 f"{obj.kind if obj is not None else kind(x)}")


LR_ARGS = ("lr: unrecognized arg(s), expecting model/optimizer and learning rate(s) as "
           "double(s)")


@API.qfunc("lr", 1)
def lr(k, x):
    """`lr o` -> float list per group (`,0.04`); `lr(o;r)` sets them, null."""
    if is_pointer(x):
        groups = optimizer_of(k, x, "lr").opt.param_groups
        return Vec(F, np.array([float(g["lr"]) for g in groups], dtype=np.float64))
    args = arglist(x)
    if len(args) != 2:
        raise QError(LR_ARGS)
    o, r = optimizer_of(k, args[0], "lr"), args[1]
    groups = o.opt.param_groups
    if isinstance(r, Atom) and r.t in (-F, -E):
        rates = [float(r.v)] * len(groups)
    elif isinstance(r, Vec) and r.t in (F, E):
        rates = [float(v) for v in r.a]
    else:
        raise QError(LR_ARGS)
    if len(rates) != len(groups):
        n = len(groups)
        raise QError(f"length error: {len(rates)} learning rates given for {n} parameter "
                     f"group{'' if n == 1 else 's'}")
    for g, v in zip(groups, rates):
        g["lr"] = v
    k.events.emit("lr", optimizer=o, lr=rates)
    return IDENTITY


@API.qfunc("step", 1)
def step(k, x):
    """`step o` / `step m`: one optimizer update; null."""
    o = optimizer_of(k, x, "step")
    try:
        o.opt.step()
    except LambError as e:
        raise QError(str(e))
    return IDENTITY


# ---------------------------------------------------------------- gradients

def _grad_params(k, x, owner):
    """The tensors whose gradients zerograd/nograd reset."""
    obj = k.handles.get(x) if is_pointer(x) else None
    if obj is None:
        raise QError(f"{owner}: expecting tensor, vector, dictionary, module, optimizer or "
                     f"model, given {kind(x)}")
    if obj.kind == "tensor":
        return [obj.t]
    if obj.kind == "vector":
        return list(obj.ts)
    if obj.kind == "dictionary":
        return list(obj.ts.values())
    if obj.kind in ("module", "loss"):
        return list(obj.module.parameters())
    if obj.kind == "model":
        obj = obj.opt
    return [p for g in obj.opt.param_groups for p in g["params"]]


@API.qfunc("zerograd", 1)
def zerograd(k, x):
    """`zerograd x`: zero defined gradients (as torch's zero_grad(set_to_none=False))."""
    for p in _grad_params(k, x, "zerograd"):
        if p.grad is not None:
            if p.grad.grad_fn is not None:
                p.grad.detach_()
            else:
                p.grad.requires_grad_(False)
            p.grad.zero_()
    return IDENTITY


@API.qfunc("nograd", 1)
def nograd(k, x):
    """`nograd x`: gradients become undefined (set_to_none); null."""
    for p in _grad_params(k, x, "nograd"):
        p.grad = None
    return IDENTITY
