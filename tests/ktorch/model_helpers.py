"""Shared fixtures for the model/training tests: an Api state on a real interpreter and
tiny models built straight from torch.nn (kname/kopts set as the api's builders do)."""
import numpy as np
import torch

from mnistrepl.q.host import BufferHost
from mnistrepl.q.values import Atom, List, Vec, E, J, S, B, IDENTITY
from mnistrepl.session import Session
from mnistrepl.ktorch.core.state import Api
from mnistrepl.ktorch.core.kinds import LossObj, ModuleObj, OptObj
from mnistrepl.ktorch.train import model as M


def api_state():
    """A session's Api state (torch functions called directly, not through q)."""
    s = Session(BufferHost())
    return Api(s.interp, {})


def tiny_net(seed=0, n_in=4, hidden=8, n_out=3):
    torch.manual_seed(seed)
    net = torch.nn.Sequential(torch.nn.Linear(n_in, hidden), torch.nn.ReLU(),
                              torch.nn.Linear(hidden, n_out))
    net.kname, net.kopts = "sequential", {}
    return net


def parts(k, net, lr=0.1, momentum=0.0):
    """Pointers (q;l;o) for a module, ce loss and sgd optimizer."""
    lossm = torch.nn.CrossEntropyLoss()
    lossm.kname, lossm.kopts = "ce", {"reduce": "mean"}
    opt = torch.optim.SGD(net.parameters(), lr=lr, momentum=momentum)
    q = k.new(ModuleObj(net))
    return q, k.new(LossObj(lossm)), k.new(OptObj(opt, "sgd", {"lr": lr}, None))


def new_model(k, net=None, **kw):
    net = net if net is not None else tiny_net()
    return M.model(k, List(list(parts(k, net, **kw)))), net


def synthetic(n=200, n_in=4, classes=3, seed=1):
    """Separable-ish data: class = argmax of a fixed projection."""
    g = np.random.default_rng(seed)
    x = g.standard_normal((n, n_in)).astype(np.float32)
    w = g.standard_normal((n_in, classes)).astype(np.float32)
    y = (x @ w).argmax(1).astype(np.int64)
    return x, y


def qmat(a):
    """A q real matrix (list of real vectors) from a 2-d float32 array."""
    return List([Vec(E, row) for row in a])


def qlongs(a):
    return Vec(J, np.asarray(a, dtype=np.int64))


def sym(s):
    return Atom(-S, s)


def syms(*names):
    a = np.empty(len(names), dtype=object)
    a[:] = names
    return Vec(S, a)


def lng(n):
    return Atom(-J, np.int64(n))


def bln(b):
    return Atom(-B, np.bool_(b))


def args(*xs):
    return List(list(xs))


__all__ = ["api_state", "tiny_net", "parts", "new_model", "synthetic", "qmat", "qlongs",
           "sym", "syms", "lng", "bln", "args", "IDENTITY", "M"]
