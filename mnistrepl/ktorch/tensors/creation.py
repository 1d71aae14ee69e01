"""`tensor(mode;...)` creation forms (ktorch-api.md 3.1).

    create(k, "randn", [60 28 28])                   -> new tensor pointer
    create(k, "randint", [10, 60, `cpu`long])        -> long tensor in [0,10)
    create(k, "zeros", [60, outTensor])              -> null, written into outTensor
Like forms take an existing tensor pointer in place of the size.
"""
import copy

from ..core.lazy import torch
from mnistrepl.q.errors import QError
from mnistrepl.q.values import B, E, F, H, I, J, X, Atom, Vec, IDENTITY, INTEGRAL
from .convert import DTYPE_OF, torch_dtype
from ..core.handles import is_pointer
from ..core.kinds import TensorObj
from ..core.memory import new_tensor
from .tensor_options import TensorOpts, is_opt_syms, need_tensor, parse_opts

MODES = ("empty zeros ones rand randn full randint randperm arange linspace logspace "
         "eye").split()
SIMPLE = ("empty", "zeros", "ones", "rand", "randn")      # torch.<mode>(size)


def create(k, mode, args):
    """New tensor pointer for `tensor(mode;args..)`, or null when written to an out tensor."""
    if mode not in MODES:
        raise QError(f"tensor: unrecognized tensor creation mode: {mode}")
    args = list(args)
    out = None
    if len(args) > 1 and is_pointer(args[-1]):
        out = need_tensor(k, "tensor", args.pop())
    opts = parse_opts("tensor", args.pop()) if args and is_opt_syms(args[-1]) else TensorOpts()
    like = None
    if args and is_pointer(args[0]):
        like = need_tensor(k, "tensor", args[0]).view
        args = [like] + args[1:]
    if out is not None and out.t is not None:
        opts.dtype = opts.dtype or out.t.dtype
        opts.device = opts.device or out.t.device
    t = new_tensor(lambda device: _make(mode, args, _on(opts, device), like))
    t = opts.finish(t)
    if out is None:
        return k.new(TensorObj(t))
    with torch.no_grad():
        if out.t is None:
            out.set(t)
        else:
            out.t.resize_(t.shape).copy_(t)
            out.set(out.t)
    return IDENTITY


def _on(opts, device):
    """opts, for `device` when one is given (the meta device sizes a tensor, core/memory)."""
    if device is None:
        return opts
    o = copy.copy(opts)
    o.device = device
    return o


def _bad(mode):
    raise QError(f"tensor: unexpected arg(s) for mode {mode}")


def _size(mode, x):
    """A size (long atom or list) as a tuple; a like-tensor gives its shape."""
    if isinstance(x, torch.Tensor):
        return tuple(x.shape)
    if isinstance(x, Atom) and -x.t in INTEGRAL and x.t != -B:
        return (int(x.v),)
    if isinstance(x, Vec) and x.t in (H, I, J):
        return tuple(int(v) for v in x.a)
    _bad(mode)


def _num(mode, x):
    if isinstance(x, Atom) and -x.t in (B, X, H, I, J, E, F):
        return x.v.item()
    _bad(mode)


def _whole(mode, x):
    """A count or bound: a whole number a long holds (not 0n, 0w or 1e300)."""
    v = _num(mode, x)
    if isinstance(v, float) and not (v.is_integer() and -2.0**63 <= v < 2.0**63):
        _bad(mode)
    return int(v)


def _fact(opts, like, dtype=None):
    """dtype/device keywords: options first, then the like-tensor, then dtype/defaults."""
    if like is not None:
        return opts.factory(like.dtype if dtype is None else dtype, like.device)
    return opts.factory(dtype)


def _make(mode, args, opts, like):
    n = len(args)
    if mode in SIMPLE:
        if n != 1:
            _bad(mode)
        return getattr(torch, mode)(_size(mode, args[0]), **_fact(opts, like))
    return MAKERS[mode](mode, args, opts, like)


def _full(mode, args, opts, like):
    if len(args) != 2:
        _bad(mode)
    v = args[1]
    if not isinstance(v, Atom) or -v.t not in DTYPE_OF:
        _bad(mode)
    dt = None if like is not None else torch_dtype(DTYPE_OF[-v.t])
    return torch.full(_size(mode, args[0]), v.v.item(), **_fact(opts, like, dt))


def _randint(mode, args, opts, like):
    if len(args) not in (2, 3):
        _bad(mode)
    size = _size(mode, args[0] if like is not None else args[-1])
    nums = args[1:] if like is not None else args[:-1]
    if len(nums) not in (1, 2):
        _bad(mode)
    bounds = [_whole(mode, v) for v in nums]
    low, high = (0, bounds[0]) if len(bounds) == 1 else bounds
    dt = None if like is not None else torch.int64
    return torch.randint(low, high, size, **_fact(opts, like, dt))


def _randperm(mode, args, opts, like):
    if len(args) != 1 or like is not None:
        _bad(mode)
    return torch.randperm(_whole(mode, args[0]), **_fact(opts, None, torch.int64))


def _arange(mode, args, opts, like):
    if not 1 <= len(args) <= 3 or like is not None:
        _bad(mode)
    nums = [_num(mode, v) for v in args]
    integral = all(-v.t in INTEGRAL for v in args)
    dt = torch.int64 if integral else None
    return torch.arange(*nums, **_fact(opts, None, dt))


def _linspace(mode, args, opts, like):
    want = 3 if mode == "linspace" else (3, 4)
    if like is not None or len(args) not in ((want,) if isinstance(want, int) else want):
        _bad(mode)
    start, end = (_num(mode, v) for v in args[:2])
    steps = _whole(mode, args[2])
    fn = torch.linspace if mode == "linspace" else torch.logspace
    extra = {} if len(args) == 3 else {"base": _num(mode, args[3])}
    return fn(start, end, steps, **extra, **_fact(opts, None))


def _eye(mode, args, opts, like):
    if not 1 <= len(args) <= 2 or like is not None:
        _bad(mode)
    dims = [_whole(mode, v) for v in args]
    return torch.eye(*dims, **_fact(opts, None))


MAKERS = {"full": _full, "randint": _randint, "randperm": _randperm, "arange": _arange,
          "linspace": _linspace, "logspace": _linspace, "eye": _eye}
