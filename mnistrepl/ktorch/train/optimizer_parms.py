"""Where an optimizer's parameters come from (ktorch-api.md 6.1) and the `parms` table of
its definition.

    entries, module = source(k, x)    # x: module/model/tensor/vector/dictionary pointer,
                                      # (q;childnames), (q;childindex), (v;indices),
                                      # (d;keys) or () -> [(param, module label, name)]

Labels: a module parameter's label is the kname of the module that owns it (`linear`)
and its name the dotted path (`a.weight`); dictionary values are `parmdict` with the key
as name, vector items `parmlist` with the index, a lone tensor `tensor` with a blank name.
"""
import numpy as np

from mnistrepl.q.errors import QError
from mnistrepl.q.values import J, S, Atom, List, Table, Vec, INTEGRAL, items
from ..core.handles import is_pointer
from ..core.args import kind


def module_entries(module, prefix=""):
    """[(param, kname of owning module, dotted name)] in named_parameters order."""
    out, seen = [], set()
    for mname, sub in module.named_modules():
        label = getattr(sub, "kname", type(sub).__name__.lower())
        for pname, p in sub.named_parameters(recurse=False):
            if id(p) not in seen:
                seen.add(id(p))
                out.append((p, label, ".".join(s for s in (prefix, mname, pname) if s)))
    return out


def _obj_entries(obj):
    """Entries and source ModuleObj (or None) of a whole object."""
    if obj.kind == "module":
        return module_entries(obj.module), obj
    if obj.kind == "model":
        return module_entries(obj.module.module), obj.module
    if obj.kind == "tensor":
        return [(obj.t, "tensor", "")], None
    if obj.kind == "vector":
        return [(t, "parmlist", str(i)) for i, t in enumerate(obj.ts)], None
    if obj.kind == "dictionary":
        return [(t, "parmdict", key) for key, t in obj.ts.items()], None
    raise QError(f"opt: unable to get parameters from {obj.kind}")


def _selected(obj, sel):
    """Entries of (q;childnames|index), (v;indices), (d;keys)."""
    syms = isinstance(sel, (Atom, Vec)) and abs(sel.t) == S
    ints = isinstance(sel, (Atom, Vec)) and abs(sel.t) in INTEGRAL
    keys = [i.v for i in items(sel)] if isinstance(sel, Vec) else [sel.v] if syms or ints else []
    if obj.kind == "module" and (syms or ints):
        return _module_selected(obj.module, keys, syms)
    if obj.kind == "vector" and ints:
        n = len(obj.ts)
        bad = [int(i) for i in keys if not 0 <= int(i) < n]
        if bad:
            raise QError(f"opt: vector index {bad[0]} out of range for {n} element(s)")
        return [(obj.ts[int(i)], "parmlist", str(int(i))) for i in keys]
    if obj.kind == "dictionary" and syms:
        missing = [key for key in keys if key not in obj.ts]
        if missing:
            raise QError(f"opt: dictionary key: {missing[0]} not found")
        return [(obj.ts[key], "parmdict", key) for key in keys]
    raise QError(f"opt: unrecognized parameter selection for {obj.kind}: {kind(sel)}")


def _module_selected(module, keys, syms):
    """Entries of (q;names): child module names or parameter names (`l1.bias), as ktorch
    takes either; or (q;indices) of children."""
    children = list(module.named_children())
    named = dict(children)
    parms = {name: (p, label) for p, label, name in module_entries(module)}
    out = []
    for key in keys:
        if syms and key in parms:
            out.append((parms[key][0], parms[key][1], key))
            continue
        if syms and key not in named:
            raise QError(f"opt: no child module named `{key}")
        if not syms and not 0 <= int(key) < len(children):
            raise QError(f"opt: child index {int(key)} invalid for {len(children)} child module(s)")
        name, child = (key, named[key]) if syms else children[int(key)]
        out.extend(module_entries(child, name))
    return out


def source(k, x):
    """([(param, label, name)] without duplicates, ModuleObj or None) of a parms arg."""
    if isinstance(x, List) and not x.items:
        return [], None
    if is_pointer(x):
        entries, mod = _obj_entries(k.handles.get(x))
    elif isinstance(x, List) and len(x.items) == 2 and is_pointer(x.items[0]):
        obj = k.handles.get(x.items[0])
        entries, mod = _selected(obj, x.items[1]), obj if obj.kind == "module" else None
    else:
        raise QError("opt: unrecognized parameters, expecting module, model, tensor, vector, "
                     f"dictionary, (module;children), (vector;indices), (dictionary;keys) or (), "
                     f"given {kind(x)}")
    seen, out = set(), []
    for e in entries:
        if id(e[0]) not in seen:
            seen.add(id(e[0]))
            out.append(e)
    return out, mod


def labels_of(obj):
    """id(param) -> (label, name) known for an OptObj (from its module if unrecorded)."""
    labels = dict(getattr(obj, "labels", None) or {})
    if obj.module is not None:
        for p, label, name in module_entries(obj.module.module):
            labels.setdefault(id(p), (label, name))
    return labels


def parms_table(obj):
    """Table `parmgroup`pointer`module`name`size, one row per managed parameter."""
    labels = labels_of(obj)
    rows = [(g, p) for g, group in enumerate(obj.opt.param_groups) for p in group["params"]]
    lab = [labels.get(id(p), ("tensor", "")) for _, p in rows]
    cols = [Vec(J, np.array([g for g, _ in rows], dtype=np.int64)),
            Vec(J, np.array([p.data_ptr() for _, p in rows], dtype=np.int64)),
            _syms([a for a, _ in lab]), _syms([b for _, b in lab]),
            List([Vec(J, np.array(list(p.shape), dtype=np.int64)) for _, p in rows])]
    return Table(["parmgroup", "pointer", "module", "name", "size"], cols)


def _syms(names):
    a = np.empty(len(names), dtype=object)
    a[:] = names
    return Vec(S, a)
