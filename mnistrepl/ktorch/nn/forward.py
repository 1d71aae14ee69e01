"""Forward calculations (ktorch-api.md 4.5): forward, nforward, eforward, evaluate.

    q)y:forward(q;`lstm;x)        / child `lstm only: vector pointer (output;h;c)
    q)z:forward(q;`out;(y;0))     / element 0 of vector y through child `out
    q)evaluate(m;d`X)             / eval mode, no grad: k array

`q` may be a module or a model (its module). Inputs follow inputs.tensors; k arrays go to
the device of the module's first parameter. Training flags are restored afterwards.
"""
import contextlib

from ..core.lazy import torch
from mnistrepl.q.errors import QError
from mnistrepl.q.values import Atom, List, S
from ..core.api import API
from ..tensors.convert import to_q
from ..core.handles import is_pointer
from ..tensors.inputs import first_param_device, tensors
from ..core.kinds import ModuleObj, TensorObj, VectorObj
from ..core.args import arglist, kind
from .arity import check


def _resolve(k, x, owner):
    """(module object or model, root module, remaining args)."""
    if is_pointer(x):
        head, rest = x, []
    else:
        args = arglist(x)
        if not args:
            raise QError(f"{owner}: expecting module or model")
        head, rest = args[0], args[1:]
    obj = k.handles.get(head) if is_pointer(head) else None
    if obj is None:
        raise QError(f"{owner}: expecting module or model, given {kind(head)}")
    mod = obj if isinstance(obj, ModuleObj) else getattr(obj, "module", None)
    if not isinstance(mod, ModuleObj):
        raise QError(f"{owner}: not implemented for {obj.kind}")
    return obj, mod.module, rest


def _child(m, rest, owner):
    """A leading child name selects a submodule: forward(q;`out.decode;x)."""
    if rest and isinstance(rest[0], Atom) and rest[0].t == -S:
        name = rest[0].v
        try:
            return m.get_submodule(name), rest[1:]
        except AttributeError:
            raise QError(f"{owner}: no child module named `{name}") from None
    return m, rest


def _model_inputs(obj, m, train):
    """forward m / evaluate m: the model's training (or test) inputs."""
    data = getattr(obj, "data" if train else "testdata", None)
    xs = data.current("x") if data is not None else []
    if not xs:
        raise QError(f"{getattr(m, 'kname', 'module')}: forward(tensor) not implemented "
                     "given empty")
    return xs


@contextlib.contextmanager
def _mode(m, train, grad):
    """Run with the training flag and grad mode given; restore every flag after."""
    flags = [(s, s.training) for s in m.modules()]
    m.train(train)
    try:
        with torch.set_grad_enabled(grad and torch.is_grad_enabled()):
            yield
    finally:
        for s, f in flags:
            s.training = f


def run(k, x, owner, train, grad):
    """The module's output: a tensor or a tuple of tensors."""
    obj, root, rest = _resolve(k, x, owner)
    m, rest = _child(root, rest, owner)
    if rest:
        xs = tensors(k, rest, first_param_device(root))
    elif isinstance(obj, ModuleObj):
        raise QError(f"{owner}: no inputs given")
    else:
        xs = _model_inputs(obj, m, owner in ("forward", "nforward"))
    check(m, len(xs), owner)
    with _mode(m, train, grad):
        return m(*xs)


def _pointer(k, out):
    if isinstance(out, torch.Tensor):
        return k.new(TensorObj(out))
    return k.new(VectorObj(_flat(out)))


def _flat(out):
    """Tensors of a (possibly nested) tuple output, in order."""
    if isinstance(out, torch.Tensor):
        return [out]
    return [t for o in out for t in _flat(o)]


@API.qfunc("forward", 1)
def forward(k, x):
    """forward(q;x) -> tensor pointer (training mode, with grad)."""
    return _pointer(k, run(k, x, "forward", True, True))


@API.qfunc("nforward", 1)
def nforward(k, x):
    """nforward(q;x): training mode, no grad."""
    return _pointer(k, run(k, x, "nforward", True, False))


@API.qfunc("eforward", 1)
def eforward(k, x):
    """eforward(q;x): eval mode, no grad."""
    return _pointer(k, run(k, x, "eforward", False, False))


@API.qfunc("evaluate", 1)
def evaluate(k, x):
    """evaluate(q;x) -> k array (a general list of arrays for several outputs)."""
    out = run(k, x, "evaluate", False, False)
    if isinstance(out, torch.Tensor):
        return to_q(out)
    return List([to_q(t) for t in _flat(out)])
