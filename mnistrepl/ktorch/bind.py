"""Binds the k-api into a session: every api function of the registry (core/api.py)
callable at once, and `` `ktorch 2:`fns,1 `` giving the api as a dictionary.

Importing the implementing modules below fills the registry; none of them loads torch at
import (core/lazy.py), so the session comes up without it and the first api call brings
it in (applying --seed then).
"""
import os
import sys

from mnistrepl.q.errors import QError
from mnistrepl.q.functions import Builtin
from mnistrepl.q.registry import Registry
from mnistrepl.q.values import Dict, List, string, symvec
from .core.api import API, EXTRA
from .core.lazy import import_whole, torch
from .core.state import Api
from .core.warn import brief_warnings
from .nn import forward, losses, modules, text  # noqa: F401  (they register api functions)
from .tensors import batching, devices, fills, images, objects, reduce, tensors, vectors  # noqa: F401
from .train import model, optim, swa  # noqa: F401

# An allocation torch could not make (CPU allocator, CUDA): q's 'wsfull.
ALLOCATION_FAILED = ("DefaultCPUAllocator: can't allocate memory", "CUDA out of memory")


def install(session):
    """Add the api functions to the session (and the session's Api state as `.api`)."""
    state = Api(session.interp, session.options)
    session.api = state
    reg = _bound(state, API, start=True, qtype=112)     # 112h: loaded code
    session.interp.install(reg)
    session.interp.install(_bound(state, EXTRA, start=False))   # they need no torch
    fns = Builtin("fns", lambda x: _fns(reg), 1, qtype=112)   # 112h: loaded code
    session.interp.libraries[("ktorch", "fns", 1)] = fns


def _bound(state, registry, start, qtype=None):
    """The registry's functions as this session's q-callables."""
    out = Registry()
    for name in registry.names():
        entry = registry[name]
        out.add(name, _session_call(state, entry.fn, name, start), entry.rank, qtype=qtype)
    return out


@EXTRA.qfunc("outdir", 1)
def outdir(k, x):
    """outdir[] -> where command files write (--out, else $MNISTREPL_OUT, else out)."""
    return string(k.out_dir)


def _fns(reg):
    """The api as a q dictionary name -> function (what ktorch's `fns` returns)."""
    names = reg.names()
    return Dict(symvec(names), List([reg[n] for n in names]))


def _session_call(state, fn, name, start=True):
    """The q-callable for api function fn in one session: the first call of any applies
    --seed (torch loads with it); errors torch raises become q errors naming the function
    (torch_error), and torch's warnings one short line each (core/warn.py)."""
    def call(*args):
        with brief_warnings(state, name):
            if start and not state.started:
                _start(state)
            try:
                return fn(state, *args)
            except QError:
                raise
            except Exception as e:
                if not torch_raised(e):
                    raise       # a bug of ours: the evaluator reports it as 'internal
                raise torch_error(name, e) from None
    call.__name__ = name
    return call


def _start(state):
    """First api call: load torch (whole, even if Ctrl-C comes meanwhile) and apply --seed."""
    import_whole("torch")
    seed = state.options.get("seed")
    if seed is not None:
        torch.manual_seed(int(seed))
    state.started = True


def torch_raised(e):
    """Whether torch rejected what it was given (ktorch-api.md 0.4: its message passes
    through): torch's own Python code raised e, or its C++ core did, which reaches Python
    as RuntimeError (our torch-like modules in nn/knn.py raise that too). Any other
    exception from our code is a bug of ours, not the user's: the api must check its
    arguments and say in q terms what is wrong."""
    if isinstance(e, RuntimeError) and not isinstance(e, RecursionError):
        return True
    tb = e.__traceback__
    while tb.tb_next is not None:
        tb = tb.tb_next
    return _in_torch(tb.tb_frame.f_code.co_filename)


def _in_torch(filename):
    """Whether a source file is part of torch (loaded by now if anything of it ran)."""
    loaded = sys.modules.get("torch")
    if loaded is None:
        return False
    return filename.startswith(os.path.dirname(loaded.__file__) + os.sep)


def torch_error(name, e):
    """The q error for an error torch raised: 'wsfull for a failed allocation, else
    `'name: ` and torch's first line."""
    text = first_line(e)
    if any(a in text for a in ALLOCATION_FAILED) or type(e).__name__ == "OutOfMemoryError":
        return QError("wsfull")
    return QError(f"{name}: {text}")


def first_line(e):
    msg = str(e).strip() or type(e).__name__
    return msg.split("\n")[0]
