"""Module definitions as k values (ktorch-api.md 4.6): `module q` / `state q` tables and
rebuilding a module from them (`module tbl`).

    q)module q
    depth module     name options
    ---------------------------------------------------
    0     sequential      ()!()
    1     linear     0    `in`out`bias!(784;10;1b)
"""

from ..core.lazy import torch
from mnistrepl.q.errors import QError
from mnistrepl.q.values import (B, S, Atom, Dict, List, Table, Vec, IDENTITY, INTEGRAL, from_items,
                                items, long, symvec)
from . import layers
from ..core.args import kind
from ..tensors.convert import py_to_q, to_q, to_tensor
from .build import from_dv
from .knn import is_container

COLS = ["depth", "module", "name", "options"]


def _nondefault(kname, opts):
    """Options that differ from their defaults (stride equal to size counts as default)."""
    try:
        fields = layers.layer(kname).fields.fields
    except QError:
        return dict(opts)
    out = {}
    for name, default, _ in fields:
        v = opts.get(name)
        if name == "stride" and default is None and v == opts.get("size"):
            continue
        if v != default:
            out[name] = v
    return out


def options_dict(m, alloptions=True):
    """Options of one module as a q dictionary."""
    opts = dict(getattr(m, "kopts", {}) or {})
    kname = getattr(m, "kname", type(m).__name__.lower())
    if not alloptions:
        opts = _nondefault(kname, opts)
    if not opts:
        return Dict(symvec([]), List([]))
    return Dict(symvec(list(opts)), from_items([py_to_q(v) for v in opts.values()]))


def walk(root):
    """[(depth, name, module)] depth-first; the root's name is its kid (or '')."""
    out = []

    def go(m, depth, name):
        out.append((depth, name, m))
        if is_container(m) or getattr(m, "kname", None) is None:
            for n, c in m.named_children():
                go(c, depth + 1, n)
    go(root, 0, getattr(root, "kid", None) or "")
    return out


def walk_named(root):
    """[(depth, dotted name, module)] depth-first; the root's name is ''."""
    out = []

    def go(m, depth, name):
        out.append((depth, name, m))
        if is_container(m) or getattr(m, "kname", None) is None:
            for n, c in m.named_children():
                go(c, depth + 1, f"{name}.{n}" if name else n)
    go(root, 0, "")
    return out


def _tensors(m, buffers):
    its = m.named_buffers(recurse=False) if buffers else m.named_parameters(recurse=False)
    pairs = [(n, t) for n, t in its if t is not None]
    if not pairs:
        return Dict(symvec([]), List([]))
    return Dict(symvec([n for n, _ in pairs]), List([to_q(t.detach()) for _, t in pairs]))


def definition(root, alloptions=True, state=False):
    """`module q` / `state q`: a dictionary for a lone leaf, else a table."""
    rows = walk(root)
    cols = COLS + (["parms", "buffers"] if state else [])
    vals = [[long(d), Atom(-S, getattr(m, "kname", type(m).__name__.lower())), Atom(-S, n),
             options_dict(m, alloptions)] for d, n, m in rows]
    if state:
        for v, (_, _, m) in zip(vals, rows):
            v += [_tensors(m, False), _tensors(m, True)]
    if len(rows) == 1 and not is_container(root):
        return Dict(symvec(cols), List(vals[0]))
    columns = [from_items([v[i] for v in vals]) for i in range(3)]
    columns += [List([v[i] for v in vals]) for i in range(3, len(cols))]
    return Table(cols, columns)


# ---------------------------------------------------------------- rebuild

def _col(x, name):
    if isinstance(x, Table):
        return items(x.cols[x.names.index(name)]) if name in x.names else None
    keys = list(x.k.a) if isinstance(x.k, Vec) and x.k.t == S else []    # `depth`module..
    return [items(x.v)[keys.index(name)]] if name in keys else None


def rebuild(k, x):
    """`module tbl`: a module from a definition table or dictionary (state restores
    parameters and buffers too)."""
    depth, kn, name, opts = (_col(x, c) for c in COLS)
    if depth is None or kn is None:
        raise QError("module: definition needs columns depth, module, name, options")
    pairs = []
    for i in range(len(depth)):
        _check_row(depth[i], name[i] if name is not None else None)
        spec = [kn[i]]
        if name is not None and name[i].v:
            spec.append(name[i])
        if opts is not None and isinstance(opts[i], Dict) and len(items(opts[i].k)):
            o = opts[i]
            keep = [(kk, v) for kk, v in zip(o.k.a, items(o.v)) if v is not IDENTITY]
            if keep:
                spec.append(Dict(symvec([kk for kk, _ in keep]), List([v for _, v in keep])))
        pairs.append((int(depth[i].v), List(spec)))
    root = from_dv(k, pairs)
    _restore(root, x)
    return root


def _check_row(depth, name):
    """A definition row's depth is a long, its name a symbol (blank when unnamed)."""
    if not (isinstance(depth, Atom) and -depth.t in INTEGRAL and depth.t != -B):
        raise QError(f"module: depth expects a long, given {kind(depth)}")
    if name is not None and not (isinstance(name, Atom) and name.t == -S):
        raise QError(f"module: name expects a symbol, given {kind(name)}")


def _restore(root, x):
    """Copy parms/buffers columns of a `state` definition into the rebuilt module."""
    parms, bufs = _col(x, "parms"), _col(x, "buffers")
    if parms is None:
        return
    mods = [m for _, _, m in walk(root)]
    with torch.no_grad():
        for m, p, b in zip(mods, parms, bufs or [None] * len(mods)):
            for d, named in ((p, dict(m.named_parameters(recurse=False))),
                             (b, dict(m.named_buffers(recurse=False)))):
                if isinstance(d, Dict):
                    for key, v in zip(items(d.k), items(d.v)):
                        t = named.get(key.v)
                        if t is not None:
                            t.copy_(to_tensor(v).to(t.dtype))
