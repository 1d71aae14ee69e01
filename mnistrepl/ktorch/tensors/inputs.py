"""Input forms (ktorch-api.md 4.5), shared by forward, loss, train/test data and backward:
each argument may be a tensor, vector or dictionary pointer, `(v;i)` / `(d;keys)`, a k
array (converted, moved to the module's device), or a general list of these.

    tensors(k, [x, y], device) -> [Tensor, ...]
"""
from mnistrepl.q.errors import QError
from mnistrepl.q.values import Atom, List, Vec, S, INTEGRAL, items
from .convert import to_tensor
from ..core.handles import is_pointer
from ..core.kinds import DictObj, TensorObj, VectorObj


def tensors(k, values, device=None):
    """Flat list of tensors from the input-form values, in order."""
    out = []
    for v in values:
        out.extend(_one(k, v, device))
    return out


def _one(k, x, device):
    if is_pointer(x):
        return pointer_tensors(k.handles.get(x))
    sel = _selection(k, x)
    if sel is not None:
        return sel
    if isinstance(x, List) and x.items and any(_is_input_part(k, i) for i in x.items):
        return tensors(k, x.items, device)
    return [to_tensor(x, device=device)]


def pointer_tensors(obj):
    """The current (batch) tensors of a tensor, vector or dictionary object."""
    if isinstance(obj, TensorObj):
        return [obj.view]
    if isinstance(obj, VectorObj):
        return list(obj.views)
    if isinstance(obj, DictObj):
        return list(obj.views.values())
    raise QError(f"{obj.kind} not valid as input, expecting tensor, vector or dictionary")


def _selection(k, x):
    """(v;i) / (v;0 1) / (d;`k) / (d;`a`b): the selected tensors, else None."""
    if not (isinstance(x, List) and len(x.items) == 2 and is_pointer(x.items[0])):
        return None
    obj, sel = k.handles.get(x.items[0]), x.items[1]
    if isinstance(obj, VectorObj) and isinstance(sel, (Atom, Vec)) and abs(sel.t) in INTEGRAL:
        idx = [int(i.v) for i in items(sel)] if isinstance(sel, Vec) else [int(sel.v)]
        try:
            return [obj.views[i] for i in idx]
        except IndexError:
            raise QError(f"vector index out of range for {len(obj.views)} element(s)")
    if isinstance(obj, DictObj) and isinstance(sel, (Atom, Vec)) and abs(sel.t) == S:
        keys = [sel.v] if isinstance(sel, Atom) else list(sel.a)
        missing = [key for key in keys if key not in obj.views]
        if missing:
            raise QError(f"dictionary key: {missing[0]} not found")
        return [obj.views[key] for key in keys]
    return None


def _is_input_part(k, x):
    """Does x need input-form treatment (a pointer somewhere at the top of a list)?"""
    return is_pointer(x) or _selection(k, x) is not None


def first_param_device(module):
    """Device of the module's first parameter (cpu if none): where k arrays go."""
    for p in module.parameters():
        return p.device
    import torch
    return torch.device("cpu")
