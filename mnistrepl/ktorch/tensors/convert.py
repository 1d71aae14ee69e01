"""q values <-> torch tensors (ktorch-api.md 0.5).

    to_tensor(x)        q atom / simple list / rectangular nested list -> tensor (a copy)
    to_q(t)             tensor -> q atom / vector / nested general list
Types map by DTYPE_OF / QTYPE_OF; float16 and bfloat16 come back as reals.
"""
import numpy as np

from ..core.lazy import torch
from mnistrepl.q.errors import QError
from mnistrepl.q.values import (B, C, E, F, H, I, J, X, Atom, Dict, List, Vec, DTYPES,
                                IDENTITY, Value, boolean, flt, from_items, long, sym, symvec,
                                vec)
from ..core.args import kind
from ..core.kinds import TensorObj, VectorObj

# dtypes by torch's name (torch.<name>), so that this table needs no torch at import
DTYPE_OF = {B: "bool", X: "uint8", C: "int8", H: "int16", I: "int32", J: "int64",
            E: "float32", F: "float64"}
QTYPE_OF = {"bool": B, "uint8": X, "int8": C, "int16": H, "int32": I, "int64": J,
            "float32": E, "float64": F, "float16": E, "bfloat16": E}
# ktorch's dtype symbols
DTYPE_NAMES = {"bool": "bool", "byte": "uint8", "char": "int8", "short": "int16",
               "int": "int32", "long": "int64", "float": "float32", "double": "float64",
               "half": "float16", "bfloat16": "bfloat16"}
NAME_OF_DTYPE = {v: k for k, v in DTYPE_NAMES.items()}


def torch_dtype(name):
    """The torch dtype of a torch dtype name (a value of DTYPE_OF / DTYPE_NAMES)."""
    return getattr(torch, name)


def torch_name(dt):
    """torch.float32 -> "float32"."""
    return str(dt).replace("torch.", "")


def _np_dtype(t):
    return np.int8 if t == C else DTYPES[t]


def to_array(x):
    """(numpy array, q type) of a q value that can become a tensor."""
    if isinstance(x, Atom):
        t = -x.t
        if t not in DTYPE_OF:
            raise QError(f"no torch type found for k: {kind(x)}")
        return np.asarray(x.v).astype(_np_dtype(t)), t
    if isinstance(x, Vec):
        if x.t not in DTYPE_OF:
            raise QError(f"no torch type found for k: {kind(x)}")
        a = x.a.view(np.int8) if x.t == C else x.a
        return a, x.t
    if isinstance(x, List):
        return _nested(x, 1)
    raise QError(f"no torch type found for k: {kind(x)}")


def _nested(x, depth):
    its = x.items
    if not its:
        return np.zeros(0, dtype=np.float32), E
    base = _shared_base(its)
    if base is not None:
        return base, its[0].t
    parts = [to_array(i) for i in its]
    t0, s0 = parts[0][1], parts[0][0].shape
    for (a, t), item in zip(parts, its):
        if t != t0 or isinstance(item, Atom) != isinstance(its[0], Atom):
            raise QError(f"type mismatch at depth {depth}, {kind(its[0])} vs {kind(item)}")
        if a.shape != s0:
            raise QError(f"dimension mismatch at depth {depth}, {s0[0] if s0 else 0} vs "
                         f"{a.shape[0] if a.shape else 0}")
    return np.stack([a for a, _ in parts]), t0


def _shared_base(its):
    """The 2-d array whose rows the Vecs `its` are, in order (to_q builds matrices so), or
    None: turning a 60000x784 matrix back into a tensor then costs no per-row work."""
    first = its[0]
    if not isinstance(first, Vec) or first.t == C:
        return None
    base = first.a.base
    if not (isinstance(base, np.ndarray) and base.ndim == 2 and base.shape[0] == len(its)
            and base.shape[1] == len(first.a) and base.flags.c_contiguous):
        return None
    start, step = base.ctypes.data, base.strides[0]
    for i, v in enumerate(its):
        if not isinstance(v, Vec) or v.t != first.t or v.a.base is not base \
                or v.a.ctypes.data != start + i * step:
            return None
    return base


def to_tensor(x, dtype=None, device=None):
    """A new tensor from q value x (always a copy: q values never change)."""
    a, _ = to_array(x)
    t = torch.tensor(a) if a.ndim == 0 else torch.from_numpy(np.array(a, copy=True))
    if dtype is not None or device is not None:
        t = t.to(device=device, dtype=dtype)
    return t


def to_q(t):
    """The q value of a tensor."""
    t = t.detach()
    qt = QTYPE_OF.get(torch_name(t.dtype))
    if qt is None:
        raise QError(f"no k type for torch type: {t.dtype}")
    if t.dtype in (torch.float16, torch.bfloat16):
        t = t.float()
    a = t.cpu().numpy()
    return from_array(a, qt)


def from_array(a, qt):
    """q value of a numpy array of q type qt (0-d atom, 1-d vector, n-d nested lists)."""
    if qt == C:
        a = a.view(np.uint8)
    if a.ndim == 0:
        return Atom(-qt, a[()])
    if a.ndim == 1:
        return Vec(qt, np.ascontiguousarray(a))
    a = np.ascontiguousarray(a)
    if a.ndim == 2:
        return List([Vec(qt, row) for row in a])
    return List([from_array(sub, qt) for sub in a])


def py_to_q(v):
    """q value of a Python option value (module, loss and optimizer options may hold q or
    Python values): None -> ::, bool, int, float, str -> symbol, tensor, lists typed."""
    if isinstance(v, Value) or v is IDENTITY:
        return v
    if v is None:
        return IDENTITY
    if isinstance(v, (bool, np.bool_)):
        return boolean(bool(v))
    if isinstance(v, (int, np.integer)):
        return long(int(v))
    if isinstance(v, (float, np.floating)):
        return flt(float(v))
    if isinstance(v, str):
        return sym(v)
    if isinstance(v, torch.Tensor):
        return to_q(v)
    if isinstance(v, (tuple, list)):
        if v and all(isinstance(i, (int, np.integer)) and not isinstance(i, bool) for i in v):
            return vec(J, [int(i) for i in v])
        if v and all(isinstance(i, float) for i in v):
            return vec(F, v)
        if v and all(isinstance(i, str) for i in v):
            return symvec(v)
        return List([py_to_q(i) for i in v])
    return sym(str(v))


def py_dict(pairs):
    """q dictionary (symbol keys) of Python (name, value) pairs; values collapse q-style."""
    pairs = list(pairs)
    return Dict(symvec([n for n, _ in pairs]), from_items([py_to_q(v) for _, v in pairs]))


def dtype_name(dt):
    return NAME_OF_DTYPE.get(torch_name(dt), torch_name(dt))



def value_of(obj):
    """k value of a tensor (its batch view), vector (list) or dictionary object."""
    if isinstance(obj, TensorObj):
        return IDENTITY if obj.view is None else to_q(obj.view)
    if isinstance(obj, VectorObj):
        return from_items([to_q(t) for t in obj.views])
    return Dict(symvec(list(obj.views)), from_items([to_q(t) for t in obj.views.values()]))
