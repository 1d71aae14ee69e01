"""Helpers for the tensor/object tests: a q session with the api loaded, lines run
through it, and objects built straight from torch (kname/kopts as the api's builders set)."""
import torch

from transcript import run_lines   # tests/ is on sys.path (tests/conftest.py)
from mnistrepl.ktorch.core.kinds import ModuleObj
from mnistrepl.q.host import BufferHost
from mnistrepl.session import Session


def session():
    """A fresh session whose api is started (no --seed to apply)."""
    s = Session(BufferHost())
    s.api.started = True
    return s


class Q:
    """Run q lines in one session: q("x:tensor 1 2") -> list of output lines."""

    def __init__(self):
        self.s = session()
        self.k = self.s.api

    def __call__(self, *lines):
        outs = run_lines(list(lines), self.s)
        return outs[-1] if len(lines) == 1 else outs

    def one(self, line):
        """The single output line of `line` (an error's first line)."""
        out = self(line)
        if out and out[0].startswith("'"):
            return out[0]
        assert len(out) <= 1, out
        return out[0] if out else ""

    def eval(self, src):
        """The q value of an expression."""
        return self.s.interp.eval(src)

    def module(self, name, net):
        """Bind a torch module as a module pointer to q variable `name`."""
        net.kname, net.kopts = getattr(net, "kname", "sequential"), getattr(net, "kopts", {})
        p = self.k.new(ModuleObj(net))
        self.s.interp.assign_global(name, p)
        return p


def tiny(seed=0):
    torch.manual_seed(seed)
    net = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.BatchNorm1d(3),
                              torch.nn.Linear(3, 2))
    net.kname, net.kopts = "sequential", {}
    return net
