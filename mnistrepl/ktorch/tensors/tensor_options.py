"""Tensor option symbols (ktorch-api.md 2, 3.1) and object look-ups shared by the tensor,
device and object functions.

    o = parse_opts("tensor", x)      # `cuda`double`grad -> TensorOpts
    t = o.apply(t)                   # convert a tensor accordingly
    obj = need(k, "size", x)         # the object of pointer x, or the api's error
"""

from ..core.lazy import torch
from mnistrepl.q.errors import QError
from mnistrepl.q.values import S, Atom, Vec, sym
from .convert import DTYPE_NAMES, dtype_name, torch_dtype
from ..core.kinds import TensorObj
from ..core.args import kind

GRAD = {"grad": True, "nograd": False}
# symbol -> torch attribute name (torch.<name>)
LAYOUT = {"strided": "strided", "sparse": "sparse_coo"}
PIN = {"pinned": True, "unpinned": False}
MEMORY = {"contiguous": "contiguous_format", "preserve": "preserve_format",
          "channel2d": "channels_last", "channel3d": "channels_last_3d"}


def is_device_name(s):
    return s in ("cpu", "cuda", "mps") or (s.startswith("cuda:") and s[5:].isdigit())


def is_opt_syms(x):
    """Is x a symbol atom or symbol list (a set of option symbols)?"""
    return isinstance(x, (Atom, Vec)) and abs(x.t) == S


def syms_of(x):
    return [x.v] if isinstance(x, Atom) else [str(s) for s in x.a]


class TensorOpts:
    """The option symbols given, each None when not given."""

    def __init__(self):
        self.device = self.dtype = self.grad = self.layout = self.pin = self.memory = None

    def factory(self, dtype=None, device=None):
        """Keyword arguments for a torch factory function (defaults filled in)."""
        return {"dtype": self.dtype or dtype or torch.get_default_dtype(),
                "device": self.device or device or "cpu"}

    def apply(self, t, convert=True):
        """t with these options applied (dtype/device conversion, grad, layout, ...)."""
        if convert and (self.dtype is not None or self.device is not None):
            t = t.to(device=self.device or t.device, dtype=self.dtype or t.dtype)
        return self.finish(t)

    def finish(self, t):
        if self.memory not in (None, torch.preserve_format):
            t = t.contiguous(memory_format=self.memory)   # torch checks the rank
        if self.layout is torch.sparse_coo:
            t = t.to_sparse()
        if self.pin:
            t = t.pin_memory()
        if self.grad is not None:
            t.requires_grad_(self.grad)
        return t


def parse_opts(owner, x):
    """TensorOpts from a symbol atom or list; unknown symbols are errors."""
    o = TensorOpts()
    for s in syms_of(x):
        if is_device_name(s):
            o.device = s
        elif s in DTYPE_NAMES:
            o.dtype = torch_dtype(DTYPE_NAMES[s])
        elif s in GRAD:
            o.grad = GRAD[s]
        elif s in LAYOUT:
            o.layout = getattr(torch, LAYOUT[s])
        elif s in PIN:
            o.pin = PIN[s]
        elif s in MEMORY:
            o.memory = getattr(torch, MEMORY[s])
        else:
            raise QError(f"{owner}: unrecognized tensor option: {s}")
    return o


def device_sym(d):
    """`cpu, `cuda:0, ... of a torch.device."""
    d = torch.device(d)
    if d.type == "cuda":
        return sym(f"cuda:{d.index if d.index is not None else torch.cuda.current_device()}")
    return sym(d.type)


def dtype_sym(dt):
    return sym(dtype_name(dt))


# ---------------------------------------------------------------- object look-up

def need(k, owner, x):
    """Object of pointer x; a non-pointer is an error naming its kind."""
    obj = k.handles.get(x)
    if obj is None:
        raise QError(f"{owner}: need allocated torch object, e.g. tensor, module, given {kind(x)}")
    return obj


def need_tensor(k, owner, x):
    obj = k.handles.get(x)
    if not isinstance(obj, TensorObj):
        what = obj.kind if obj is not None else kind(x)
        raise QError(f"{owner}: expecting tensor, given {what}")
    return obj


def defined(obj, owner):
    """The tensor of a TensorObj, erroring on the undefined placeholder (tensor[])."""
    if obj.t is None:
        raise QError(f"{owner}: undefined tensor")
    return obj.t


def check_dim(owner, t, d):
    """d as a dimension of tensor t (a negative one counts from the end), or the api's
    error: torch's IndexError would otherwise come from our own call."""
    if not -t.dim() <= d < t.dim():
        raise QError(f"{owner}: dimension {d} out of range for a {t.dim()}-dim tensor")
    return d


def check_indices(owner, t, d, indices):
    """Indices along dimension d of tensor t, each in range (negative from the end)."""
    n = t.size(check_dim(owner, t, d))
    for i in indices:
        if not -n <= i < n:
            raise QError(f"{owner}: index {i} out of range for dimension {d} of size {n}")


def module_of(obj):
    """The torch module behind a module, loss, optimizer or model object (None if none)."""
    kind_ = obj.kind
    if kind_ in ("module", "loss"):
        return obj.module
    if kind_ == "optimizer":
        return obj.module.module if obj.module is not None else None
    if kind_ == "model":
        return obj.module.module
    return None


def first_device(obj):
    """Device of the first parameter of a module-like object (cpu if none)."""
    m = module_of(obj)
    if m is not None:
        for p in m.parameters():
            return p.device
    if obj.kind == "optimizer":
        for g in obj.opt.param_groups:
            for p in g["params"]:
                return p.device
    return torch.device("cpu")
