"""Binds the k-api into a session: every api name callable at once (torch is imported by
the first call, not here), and `` `ktorch 2:`fns,1 `` giving the api as a dictionary."""
from mnistrepl.q.errors import QError
from mnistrepl.q.functions import Builtin
from mnistrepl.q.registry import Registry
from mnistrepl.q.values import Dict, List, string, symvec
from .core import api
from .core.state import Api

# What torch and our own code may raise on bad input: reported as a q error naming the
# api function, never as a traceback. QError passes through untouched.
FAULTS = (RuntimeError, ValueError, TypeError, IndexError, KeyError, AttributeError,
          NotImplementedError, OverflowError, ZeroDivisionError, AssertionError)


def install(session):
    """Add the api functions to the session (and the session's Api state as `.api`)."""
    state = Api(session.interp, session.options)
    session.api = session.interp.ktorch = state
    reg = Registry()
    for name in api.all_names():
        reg.add(name, _stub(state, name), api.RANKS.get(name, 1), qtype=112)
    session.interp.install(reg)
    extra = Registry()          # not in `fns`: where command files write (--out, else out)
    extra.add("outdir", lambda x: string(state.out_dir), 1)
    session.interp.install(extra)
    fns = Builtin("fns", lambda x: _fns(reg), 1, qtype=112)   # 112h: loaded code
    session.interp.libraries[("ktorch", "fns", 1)] = fns


def _fns(reg):
    """The api as a q dictionary name -> function (what ktorch's `fns` returns)."""
    names = reg.names()
    return Dict(symvec(names), List([reg[n] for n in names]))


def _stub(state, name):
    """The q-callable for `name`: loads the implementations on first use."""
    def call(*args):
        if not state.started:
            _start(state)
        fn, _ = api.IMPL.get(name, (None, 0))
        if fn is None:
            raise QError(f"{name}: not implemented")
        try:
            return fn(state, *args)
        except QError:
            raise
        except FAULTS as e:
            raise QError(f"{name}: {first_line(e)}") from None
    call.__name__ = name
    return call


def _start(state):
    """First api call: import torch and the implementations, apply --seed."""
    api.load()
    seed = state.options.get("seed")
    if seed is not None:
        import torch
        torch.manual_seed(int(seed))
    state.started = True


def first_line(e):
    text = str(e).strip() or type(e).__name__
    return text.split("\n")[0]
