"""Devices and settings (ktorch-api.md 2).

    device[] -> `cpu      device p -> `cpu / `cuda:0      cudadevices() -> `symbol$()
    setting() -> dictionary      setting`threads      setting(`threads;4)
    seed 42      sync()      to(p;`double)      copyto(t;`cuda)
"""
import os

from ..core.lazy import torch
from mnistrepl.q.errors import QError
from mnistrepl.q.values import (B, J, S, Atom, Dict, List, IDENTITY, boolean, long, sym,
                        symvec)
from ..core.api import API
from ..core.handles import is_pointer
from ..core.kinds import DictObj, TensorObj, VectorObj
from ..core.args import arglist, kind
from .tensor_options import (TensorOpts, device_sym, first_device, is_opt_syms, need,
                         parse_opts)

SETTINGS = ("mkl openmp threads interopthreads mps cuda magma cudnn cudnnversion cudadevices "
            "benchmark deterministic cudnndeterministic stackframe alloptions complexfirst").split()


def _mps():
    mps = getattr(torch.backends, "mps", None)
    return bool(mps is not None and mps.is_available())


@API.qfunc("device", 1)
def device(k, x):
    """device[] -> `cuda, `mps or `cpu (or what --device says); device p -> device of an
    object."""
    if x is IDENTITY or (isinstance(x, List) and not x.items):
        if k.options.get("device"):        # --device: command files move models there
            return sym(k.options["device"])
        if torch.cuda.is_available():
            return sym("cuda")
        return sym("mps") if _mps() else sym("cpu")
    obj = need(k, "device", x)
    if isinstance(obj, TensorObj):
        return device_sym(obj.t.device) if obj.t is not None else sym("cpu")
    if isinstance(obj, VectorObj):
        return symvec([device_sym(t.device).v for t in obj.ts])
    if isinstance(obj, DictObj):
        return Dict(symvec(list(obj.ts)), symvec([device_sym(t.device).v for t in obj.ts.values()]))
    return device_sym(first_device(obj))


@API.qfunc("cudadevices", 1)
def cudadevices(k, x):
    """cudadevices() -> `cuda`cuda:0 (or `symbol$()); cudadevices[] -> count."""
    n = torch.cuda.device_count() if torch.cuda.is_available() else 0
    if x is IDENTITY:
        return long(n)
    if isinstance(x, List) and not x.items:
        return symvec(["cuda"] + [f"cuda:{i}" for i in range(n)] if n else [])
    raise QError(f"cudadevices: unexpected arg, given {kind(x)}")


@API.qfunc("cudadevice", 1)
def cudadevice(k, x):
    """cudadevice() -> `cuda:0; cudadevice`cuda:1 sets the default CUDA device."""
    if not torch.cuda.is_available():
        raise QError("cudadevice: no CUDA device available")
    if x is IDENTITY or (isinstance(x, List) and not x.items):
        return sym(f"cuda:{torch.cuda.current_device()}")
    if isinstance(x, Atom) and x.t == -S and x.v.startswith("cuda:") and x.v[5:].isdigit():
        torch.cuda.set_device(int(x.v[5:]))
        return IDENTITY
    raise QError("cudadevice: expecting indexed CUDA device, e.g. `cuda:0")


# ---------------------------------------------------------------- settings

def _deterministic():
    if not torch.are_deterministic_algorithms_enabled():
        return 0
    return 1 if torch.is_deterministic_algorithms_warn_only_enabled() else 2


def _read(k, name):
    """Python value of one setting."""
    cudnn = torch.backends.cudnn
    n = torch.cuda.device_count() if torch.cuda.is_available() else 0
    facts = {
        "mkl": lambda: torch.backends.mkl.is_available(),
        "openmp": lambda: torch.backends.openmp.is_available(),
        "threads": torch.get_num_threads, "interopthreads": torch.get_num_interop_threads,
        "mps": _mps, "cuda": torch.cuda.is_available,
        "magma": lambda: bool(getattr(torch.cuda, "has_magma", False)),
        "cudnn": cudnn.is_available, "cudnnversion": lambda: cudnn.version() or 0,
        "cudadevices": lambda: n, "benchmark": lambda: cudnn.benchmark,
        "deterministic": _deterministic, "cudnndeterministic": lambda: cudnn.deterministic,
    }
    return facts[name]() if name in facts else k.settings[name]


def _qsetting(name, v):
    return long(v) if name in ("threads", "interopthreads", "cudnnversion", "cudadevices",
                               "deterministic") else boolean(v)


def _write(k, name, x):
    """Set one writable setting from q value x."""
    if name in ("threads", "interopthreads", "deterministic"):
        if not (isinstance(x, Atom) and x.t in (-J, -5, -6)):
            raise QError(f"setting: {name} expects a long, given {kind(x)}")
        n = int(x.v)
        if name != "deterministic" and not 1 <= n <= MAX_THREADS:
            raise QError(f"setting: {name} expects 1-{MAX_THREADS}, given {n}")
        if name == "threads":
            torch.set_num_threads(n)
        elif name == "interopthreads":
            torch.set_num_interop_threads(n)
        else:
            if n not in (0, 1, 2):
                raise QError("setting: deterministic expects 0, 1 or 2")
            torch.use_deterministic_algorithms(n > 0, warn_only=n == 1)
        return
    if not (isinstance(x, Atom) and x.t == -B):
        raise QError(f"setting: {name} expects a boolean, given {kind(x)}")
    if name == "benchmark":
        torch.backends.cudnn.benchmark = bool(x.v)
    elif name == "cudnndeterministic":
        torch.backends.cudnn.deterministic = bool(x.v)
    else:
        k.settings[name] = bool(x.v)


# More threads than this only slow torch down, and a huge count crashes the process at
# torch's next parallel step (each thread its own stack).
MAX_THREADS = 4 * (os.cpu_count() or 1)
WRITABLE = {"threads", "interopthreads", "benchmark", "deterministic", "cudnndeterministic",
            "stackframe", "alloptions", "complexfirst"}


def _check_name(name):
    if name not in SETTINGS:
        raise QError(f"setting: unrecognized setting: {name}")


@API.qfunc("setting", 1)
def setting(k, x):
    """setting() -> dictionary; setting`name -> value; setting(`name;value) sets it."""
    if x is IDENTITY or (isinstance(x, List) and not x.items):
        return Dict(symvec(SETTINGS), List([_qsetting(n, _read(k, n)) for n in SETTINGS]))
    if isinstance(x, Atom) and x.t == -S:
        _check_name(x.v)
        return _qsetting(x.v, _read(k, x.v))
    args = arglist(x)
    if len(args) == 2 and isinstance(args[0], Atom) and args[0].t == -S:
        name = args[0].v
        _check_name(name)
        if name not in WRITABLE:
            raise QError(f"setting: cannot set flag for {name}")
        _write(k, name, args[1])
        return IDENTITY
    raise QError(f"setting: unrecognized arg(s), expecting setting name or (name;value), "
                 f"given {kind(x)}")


@API.qfunc("seed", 1)
def seed(k, x):
    """seed 42 -> seeds the CPU and CUDA generators; null."""
    if not (isinstance(x, Atom) and x.t in (-J, -5, -6)):
        raise QError(f"seed: expecting long integer seed, given {kind(x)}")
    torch.manual_seed(int(x.v))
    return IDENTITY


@API.qfunc("sync", 1)
def sync(k, x):
    """sync() -> CUDA synchronize (a no-op on CPU); null."""
    if torch.cuda.is_available():
        torch.cuda.synchronize()
    return IDENTITY


# ---------------------------------------------------------------- to / copyto

def _target_opts(k, owner, x):
    """TensorOpts from option symbols or an example tensor pointer."""
    if is_pointer(x):
        obj = need(k, owner, x)
        if not isinstance(obj, TensorObj) or obj.t is None:
            raise QError(f"{owner}: example must be a tensor, given {obj.kind}")
        o = TensorOpts()
        o.device, o.dtype = obj.t.device, obj.t.dtype
        return o
    if not is_opt_syms(x):
        raise QError(f"{owner}: expecting tensor options or example tensor, given {kind(x)}")
    return parse_opts(owner, x)


def _args(k, owner, x):
    args = arglist(x)
    if len(args) not in (2, 3) or (len(args) == 3 and not
                                   (isinstance(args[2], Atom) and args[2].t == -B)):
        raise QError(f"{owner}: expecting (object;options) or (object;options;async flag)")
    return need(k, owner, args[0]), _target_opts(k, owner, args[1]), \
        len(args) == 3 and bool(args[2].v)


def _moved(t, o, nb):
    """A tensor converted per o, keeping its grad flag unless o says otherwise."""
    grad = t.requires_grad
    t = t.to(device=o.device or t.device, dtype=o.dtype or t.dtype, non_blocking=nb)
    t = o.finish(t.detach() if t.requires_grad and t.grad_fn is not None else t)
    if o.grad is None and grad and t.is_floating_point() and not t.requires_grad:
        t.requires_grad_(True)
    return t


@API.qfunc("to", 1)
def to(k, x):
    """to(p;`cuda`double) / to(p;example) -> moves/converts in place; null."""
    obj, o, nb = _args(k, "to", x)
    if isinstance(obj, TensorObj):
        if obj.t is not None:
            obj.set(_moved(obj.t, o, nb))
    elif isinstance(obj, VectorObj):
        obj.ts = [_moved(t, o, nb) for t in obj.ts]
        obj.views, obj.batching = list(obj.ts), None
    elif isinstance(obj, DictObj):
        obj.ts = {n: _moved(t, o, nb) for n, t in obj.ts.items()}
        obj.views, obj.batching = dict(obj.ts), None
    elif obj.kind in ("module", "loss"):
        _module_to(obj.module, o, nb)
    else:
        raise QError(f"to: not implemented for {obj.kind}")
    return IDENTITY


def _module_to(m, o, nb):
    """nn.Module.to moves parameters in place (their identity is kept)."""
    if o.device is not None or o.dtype is not None:
        kw = {"non_blocking": nb}
        if o.device is not None:
            kw["device"] = o.device
        if o.dtype is not None:
            kw["dtype"] = o.dtype
        m.to(**kw)
    if o.grad is not None:
        m.requires_grad_(o.grad)


@API.qfunc("copyto", 1)
def copyto(k, x):
    """copyto(t;`double) -> new tensor pointer converted per the options."""
    obj, o, nb = _args(k, "copyto", x)
    if not isinstance(obj, TensorObj) or obj.t is None:
        raise QError(f"copyto: not implemented for {obj.kind}")
    t = obj.view.to(device=o.device or obj.view.device, dtype=o.dtype or obj.view.dtype,
                    non_blocking=nb, copy=True)
    return k.new(TensorObj(o.finish(t)))
