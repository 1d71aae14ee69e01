"""Module api (ktorch-api.md 4.2, 4.6): `module` and the introspection functions.

    q)q:module seq(`sequential;(`linear;784;800);`relu;(`linear;800;10))
    q)module(q;1;`relu)
    q)parmnames q
    `0.weight`0.bias`2.weight`2.bias`3.weight`3.bias  (after adding a linear)

Building lives in modbuild.py, definition tables in moddef.py, labels in strfmt.py.
"""
import copy


from ..core.lazy import torch
from mnistrepl.q.errors import QError
from mnistrepl.q.values import (S, Atom, Dict, List, Table, IDENTITY, boolean, from_items,
                        long, symvec)
from . import layers
from . import build as modbuild
from . import definition as moddef
from ..core.api import API
from ..core.handles import is_pointer
from ..core.kinds import DictObj, ModuleObj, OptObj, TensorObj
from ..core.args import arglist, is_bool, kind
from ..tensors.convert import py_dict, py_to_q
from ..tensors.inputs import tensors
from ..tensors.tensor_options import module_of, need
from ..tensors.tensors import default_options, per_tensor, tensor_options
from .losses import loss_defaults


def _obj(k, x):
    return k.handles.get(x) if is_pointer(x) else None


def module_obj(k, x, owner):
    """The ModuleObj of a module, model or optimizer pointer."""
    obj = _obj(k, x)
    if isinstance(obj, ModuleObj):
        return obj
    mod = getattr(obj, "module", None)
    if isinstance(mod, ModuleObj):
        return mod
    if isinstance(obj, OptObj):
        raise QError(f"{owner}: optimizer has no module")
    given = obj.kind if obj is not None else kind(x)
    raise QError(f"{owner}: expecting module, given {given}")


def _split(k, x, owner):
    """(module, remaining args) of `f q` / `f(q;a;..)`."""
    if is_pointer(x):
        return module_obj(k, x, owner).module, []
    args = arglist(x)
    if not args:
        raise QError(f"{owner}: expecting module")
    return module_obj(k, args[0], owner).module, args[1:]


def _is_long(x):
    return isinstance(x, Atom) and x.t in (-5, -6, -7)


# ---------------------------------------------------------------- module

@API.qfunc("module", 1)
def module(k, x):
    """`module tree|dv|tbl` -> new pointer; `module q` -> definition; `module(q;d;spec)`,
    `module(q;tree)` add children (null); `module m`/`module o` -> the shared module."""
    obj = _obj(k, x)
    if obj is not None:
        return _module_of_obj(k, x, obj)
    if isinstance(x, (Table, Dict)):
        return k.new(ModuleObj(moddef.rebuild(k, x)))
    if isinstance(x, List) and x.items and is_pointer(x.items[0]):
        return _module_args(k, x.items)
    return k.new(ModuleObj(modbuild.from_value(k, x)))


def _module_of_obj(k, x, obj):
    if isinstance(obj, ModuleObj):
        return moddef.definition(obj.module, k.settings.get("alloptions", True))
    mod = getattr(obj, "module", None)
    if isinstance(mod, ModuleObj):
        return k.new(mod)
    raise QError(f"module: not implemented for {obj.kind}")


def _module_args(k, args):
    q = module_obj(k, args[0], "module")
    rest = args[1:]
    if len(rest) == 1 and is_bool(rest[0]):
        return moddef.definition(q.module, bool(rest[0].v))
    if len(rest) == 2 and _is_long(rest[0]):
        modbuild.add_at(k, q.module, int(rest[0].v), rest[1])
    elif len(rest) == 1:
        modbuild.add_value(k, q.module, rest[0])
    else:
        raise QError("module: expecting (module;depth;spec) or (module;spec)")
    return IDENTITY


@API.qfunc("state", 1)
def state(k, x):
    """`state q`: `module q` plus parms and buffers columns."""
    m, args = _split(k, x, "state")
    flag = bool(args[0].v) if args and is_bool(args[0]) else k.settings.get("alloptions", True)
    return moddef.definition(m, flag, state=True)


@API.qfunc("seq", 1)
def seq(k, x):
    """seq(`sequential;(`linear;784;800);`relu) -> (`sequential;enlist(..);,`relu)."""
    return modbuild.seq(x)


@API.qfunc("dv", 1)
def dv(k, x):
    """dv tree -> ((0;spec);(1;spec)..)."""
    pairs = modbuild.dv_pairs(x) if modbuild.is_dv(x) else modbuild.dv_of_tree(x)
    return List([List([long(d), s]) for d, s in pairs])


@API.qfunc("tree", 1)
def tree(k, x):
    """tree dv -> (spec; enlist child; ..)."""
    if not modbuild.is_dv(x):
        return x
    return modbuild.tree_of_dv(modbuild.dv_pairs(x))


# ---------------------------------------------------------------- names

def _target(k, x, owner):
    """The module, or its child when a name is given as 2nd arg."""
    m, args = _split(k, x, owner)
    if args:
        return _child(m, args[0], owner)
    return m


def _child(m, name, owner):
    if not (isinstance(name, Atom) and name.t == -S):
        raise QError(f"{owner}: expecting child name, given {kind(name)}")
    try:
        return m.get_submodule(name.v)
    except AttributeError:
        raise QError(f"{owner}: no child module named `{name.v}") from None


@API.qfunc("names", 1)
def names(k, x):
    m = _target(k, x, "names")
    return symvec([n for n, _ in m.named_modules() if n])


@API.qfunc("childnames", 1)
def childnames(k, x):
    m = _target(k, x, "childnames")
    return symvec([n for n, _ in m.named_children()])


@API.qfunc("parmnames", 1)
def parmnames(k, x):
    m = _target(k, x, "parmnames")
    return symvec([n for n, _ in m.named_parameters()])


@API.qfunc("buffernames", 1)
def buffernames(k, x):
    m = _target(k, x, "buffernames")
    return symvec([n for n, _ in m.named_buffers()])


def _kname(m):
    return getattr(m, "kname", type(m).__name__.lower())


@API.qfunc("parmtypes", 1)
def parmtypes(k, x):
    """parmtypes q -> `0.weight`0.bias!`linear`linear."""
    m = _target(k, x, "parmtypes")
    keys, vals = [], []
    for prefix, sub in m.named_modules():
        for n, _ in sub.named_parameters(recurse=False):
            keys.append(f"{prefix}.{n}" if prefix else n)
            vals.append(_kname(sub))
    return Dict(symvec(keys), symvec(vals))


@API.qfunc("moduletypes", 1)
def moduletypes(k, x):
    """moduletypes q -> ``,`0`1!`sequential`linear`relu."""
    m = _target(k, x, "moduletypes")
    pairs = [(n, _kname(s)) for n, s in moddef_modules(m)]
    return Dict(symvec([n for n, _ in pairs]), symvec([t for _, t in pairs]))


def moddef_modules(m):
    """(name, module) of the api's tree (no descent into torch-built leaves)."""
    return [(n if d else "", s) for d, n, s in moddef.walk_named(m)]


# ---------------------------------------------------------------- parameters

def _named(m, name, buffers, owner):
    src = dict(m.named_buffers() if buffers else m.named_parameters())
    if not (isinstance(name, Atom) and name.t == -S):
        raise QError(f"{owner}: expecting parameter name, given {kind(name)}")
    if name.v not in src:
        raise QError(f"{owner}: no parameter named `{name.v}")
    return src[name.v]


@API.qfunc("parm", 1)
def parm(k, x):
    """parm(q;name) -> tensor pointer sharing the parameter; parm(q;name;value) sets it."""
    m, args = _split(k, x, "parm")
    if len(args) not in (1, 2):
        raise QError("parm: expecting (module;name) or (module;name;value)")
    p = _named(m, args[0], False, "parm")
    if len(args) == 1:
        return k.new(TensorObj(p))
    (v,) = tensors(k, [args[1]], p.device)
    with torch.no_grad():
        p.copy_(v)
    return IDENTITY


@API.qfunc("parms", 1)
def parms(k, x):
    m = _target(k, x, "parms")
    return k.new(DictObj(dict(m.named_parameters())))


@API.qfunc("buffers", 1)
def buffers(k, x):
    m = _target(k, x, "buffers")
    return k.new(DictObj(dict(m.named_buffers())))


# ---------------------------------------------------------------- children

@API.qfunc("child", 1)
def child(k, x):
    m, args = _split(k, x, "child")
    if len(args) != 1:
        raise QError("child: expecting (module;name)")
    return k.new(ModuleObj(_child(m, args[0], "child")))


@API.qfunc("children", 1)
def children(k, x):
    m = _target(k, x, "children")
    pairs = list(m.named_children())
    return Dict(symvec([n for n, _ in pairs]), List([k.new(ModuleObj(c)) for _, c in pairs]))


@API.qfunc("modules", 1)
def modules(k, x):
    m = _target(k, x, "modules")
    pairs = [(n, s) for n, s in m.named_modules() if n]
    return Dict(symvec([n for n, _ in pairs]), List([k.new(ModuleObj(s)) for _, s in pairs]))


# ---------------------------------------------------------------- flags and copies

@API.qfunc("training", 1)
def training(k, x):
    """training q -> 1b; training(q;0b) sets the flag (null)."""
    m, args = _split(k, x, "training")
    if not args:
        return boolean(m.training)
    if len(args) != 1 or not is_bool(args[0]):
        raise QError("training: expecting (module;flag)")
    m.train(bool(args[0].v))
    return IDENTITY


@API.qfunc("clone", 1)
def clone(k, x):
    m = _target(k, x, "clone")
    return k.new(ModuleObj(copy.deepcopy(m)))


def _grad(k, x, owner, flag):
    m = _target(k, x, owner)
    for p in m.parameters():
        p.requires_grad_(flag)
    return IDENTITY


@API.qfunc("freeze", 1)
def freeze(k, x):
    return _grad(k, x, "freeze", False)


@API.qfunc("unfreeze", 1)
def unfreeze(k, x):
    return _grad(k, x, "unfreeze", True)


@API.qfunc("objtype", 1)
def objtype(k, x):
    """objtype q -> `sequential (optimizer: `sgd)."""
    obj = _obj(k, x)
    if isinstance(obj, OptObj):
        return Atom(-S, obj.kname)
    return Atom(-S, _kname(_target(k, x, "objtype")))


def _leaves(m):
    return [s for _, s in moddef_modules(m) if not modbuild.is_container(s)] or [m]


@API.qfunc("inputmodule", 1)
def inputmodule(k, x):
    return Atom(-S, _kname(_leaves(_target(k, x, "inputmodule"))[0]))


@API.qfunc("outputmodule", 1)
def outputmodule(k, x):
    return Atom(-S, _kname(_leaves(_target(k, x, "outputmodule"))[-1]))


@API.qfunc("help", 1)
def help_(k, x):
    """help`module -> module types; help`conv2d -> example options dictionary."""
    if not (isinstance(x, Atom) and x.t == -S):
        raise QError(f"help: expecting symbol, given {kind(x)}")
    if x.v in ("module", "modules", ""):
        return symvec(layers.names())
    o = layers.defaults(x.v)
    if not o:
        return Dict(symvec([]), List([]))
    return Dict(symvec(list(o)), from_items([py_to_q(v) for v in o.values()]))


@API.qfunc("options", 1)
def options(k, x):
    """options t -> tensor options; options[] defaults; options`ce loss defaults;
    options q / options o -> a module's or optimizer's option dictionary."""
    if x is IDENTITY or (isinstance(x, List) and not x.items):
        return default_options()
    if isinstance(x, Atom) and x.t == -S:
        return loss_defaults(x.v)
    obj = need(k, "options", x)
    out = per_tensor(obj, tensor_options)
    if out is not None:
        return out
    src = obj.opt if obj.kind == "optimizer" else module_of(obj)
    kopts = obj.kopts if obj.kind == "optimizer" else getattr(src, "kopts", None)
    if kopts is None:
        raise QError(f"options: not implemented for {obj.kind}")
    return kopts if isinstance(kopts, Dict) else py_dict(kopts.items())
