"""The k-api's own torch modules (ktorch-api.md 4.3, 4.4): containers with ktorch's forward
routing (Sequential, SeqNest, SeqJoin, Recur, SeqList, Residual, Transform), the small layers Cat, Select, Reshape, and
recurrent layers whose forward returns a tuple (LSTM: (output,h,c); GRU/RNN: (output,h)).

Containers take children through `add(child, name)`, which applies ktorch's naming and
ordering rules and returns the name used. Parameter names stay torch's own: the recurrent
layers subclass torch.nn.LSTM/GRU/RNN, so their parameters are `weight_ih_l0` etc.
The classes are made on first use (core/lazy.py): `knn.Sequential` works as usual.
"""

from mnistrepl.q.errors import QError
from ..core.lazy import classes_on_demand, nn, torch

RECURRENT = ("lstm", "gru", "rnn")
SEQUENTIAL = ("sequential", "seqnest")
CONTAINERS = ("Sequential", "SeqJoin", "Recur", "SeqList", "Residual", "Transform")


def _kname(m):
    return getattr(m, "kname", type(m).__name__.lower())


def _chain(m, out):
    """Feed a previous output on: a tuple (vector) goes in as separate inputs."""
    return m(*out) if isinstance(out, tuple) else m(out)


def checked_dim(name, x, d, extra=0):
    """d as a dimension of input x (`extra` more for a dimension to insert); else the
    RuntimeError torch raises for its own layers, which the api reports as torch's."""
    n = x.dim() + extra if extra else max(x.dim(), 1)     # torch's wrap of a 0-dim
    if not -n <= d < n:
        raise RuntimeError(f"{name}: dimension {d} out of range for {x.dim()}-dim input")
    return d


def is_empty_seq(m):
    return m is None or (isinstance(m, Sequential) and len(m) == 0)


def _build():
    """The classes, made on first use (their bases are torch's, which loads then)."""
    class Sequential(nn.Sequential):
        """`sequential`: all inputs go to the first child, each later child gets the output of
        the one before (unlike torch.nn.Sequential, which takes one input)."""

        def add(self, child, name=None):
            name = name or str(len(self._modules))
            if name in self._modules:
                raise QError(f"{self.kname}: child module named `{name} already defined")
            self.add_module(name, child)
            return name

        def forward(self, *xs):
            if len(self) == 0:
                raise RuntimeError("Cannot call forward() on an empty Sequential")
            out = None
            for i, m in enumerate(self._modules.values()):
                out = m(*xs) if i == 0 else _chain(m, out)
            return out


    class SeqNest(Sequential):
        """`seqnest`: the nestable sequential (same routing)."""


    class SeqJoin(nn.Module):
        """`seqjoin`: up to two sequentials (qx, qy) then one join module: join(qx(x), qy(y))."""

        def __init__(self):
            super().__init__()
            self._seqs, self._join = [], None

        def add(self, child, name=None):
            kn = _kname(child)
            if kn in SEQUENTIAL:
                if self._join is not None:
                    raise QError("seqjoin: join layer already defined")
                if len(self._seqs) == 2:
                    raise QError("seqjoin: both sequential layers already defined")
                name = name or ("qx", "qy")[len(self._seqs)]
                self._seqs.append(name)
            else:
                if not self._seqs:
                    raise QError("seqjoin: at least one sequential layer must be defined first")
                if self._join is not None:
                    raise QError("seqjoin: join layer already defined")
                name = name or "join"
                self._join = name
            self.add_module(name, child)
            return name

        def _side(self, i, x):
            m = self._modules[self._seqs[i]] if i < len(self._seqs) else None
            return x if is_empty_seq(m) else _chain(m, x)

        def forward(self, x, y=None):
            if self._join is None:
                raise RuntimeError("seqjoin: join layer not defined")
            y = x if y is None else y
            return self._modules[self._join](self._side(0, x), self._side(1, y))


    class Recur(nn.Module):
        """`recur`: optional input sequential `in`, one lstm/gru/rnn (named by its type),
        optional output sequential `out`. forward(x;[h];[c]) -> (y;h';c') or (y;h')."""

        def __init__(self, detach=True):
            super().__init__()
            self._detach, self._rec, self._inp, self._out = detach, None, None, None

        def add(self, child, name=None):
            kn = _kname(child)
            if kn in RECURRENT:
                if self._rec is not None:
                    raise QError(f"recur: cannot add {kn} module, {self._rec} module already defined")
                if self._out is not None:
                    raise QError(f"recur: cannot add {kn} module after output sequential")
                self._rec = name = kn
            elif kn in SEQUENTIAL:
                if self._out is not None:
                    raise QError("recur: sequential module for output processing already added, "
                                 "cannot add another sequential module")
                if self._rec is None and self._inp is not None:
                    raise QError("recur: sequential module for input already added, "
                                 "recurrent module expected next")
                name = "in" if self._rec is None else "out"
                setattr(self, "_inp" if name == "in" else "_out", name)
            else:
                raise QError(f"recur: unable to add {kn} module, expecting sequential, "
                             "lstm, gru or rnn")
            self.add_module(name, child)
            return name

        def forward(self, x, h=None, c=None):
            if self._rec is None:
                raise RuntimeError("recur: no recurrent lstm, gru or rnn module defined")
            m = self._modules
            if self._inp and not is_empty_seq(m[self._inp]):
                x = m[self._inp](x)
            r = m[self._rec]
            outs = r(x, h, c) if self._rec == "lstm" else r(x, h)
            y, state = outs[0], list(outs[1:])
            if self._out and not is_empty_seq(m[self._out]):
                y = m[self._out](y)
            if self._detach:
                state = [s.detach() for s in state]
            return (y, *state)


    class LSTM(nn.LSTM):
        """`lstm`: forward(x;[h;c]) -> (output, h, c)."""

        def forward(self, x, h=None, c=None):
            out, (h, c) = super().forward(x, None if h is None or c is None else (h, c))
            return out, h, c


    class GRU(nn.GRU):
        def forward(self, x, h=None):
            return super().forward(x, h)


    class RNN(nn.RNN):
        def forward(self, x, h=None):
            return super().forward(x, h)


    class Cat(nn.Module):
        """`cat`: torch.cat((x,y),dim)."""

        def __init__(self, dim=0):
            super().__init__()
            self.dim = dim

        def forward(self, x, y):
            return torch.cat((x, y), checked_dim("cat", x, self.dim))


    class Select(nn.Module):
        """`select`: x.select(dim,ind)."""

        def __init__(self, dim, ind):
            super().__init__()
            self.dim, self.ind = dim, ind

        def forward(self, x):
            if x.dim() == 0:
                raise RuntimeError("select: cannot select from a 0-dim tensor")
            n = x.size(checked_dim("select", x, self.dim))
            if not -n <= self.ind < n:
                raise RuntimeError(f"select: index {self.ind} out of range for dimension "
                                   f"{self.dim} of size {n}")
            return x.select(self.dim, self.ind)


    class Reshape(nn.Module):
        """`reshape`: x.reshape(size)."""

        def __init__(self, size):
            super().__init__()
            self.size = tuple(size)

        def forward(self, x):
            return x.reshape(self.size)


    class Fn(nn.Module):
        """A one-input tensor function as a module (squeeze, transpose, ...)."""

        def __init__(self, fn):
            super().__init__()
            self.fn = fn

        def forward(self, x):
            return self.fn(x)


    class Mul(nn.Module):
        def forward(self, x, y):
            return torch.mul(x, y)


    class Matmul(nn.Module):
        def forward(self, x, y):
            return torch.matmul(x, y)

    class SeqList(nn.Module):
        """`seqlist`: a list of sequentials run in turn, each on the previous output (the
        later inputs, if any, go to every block as they are)."""

        def add(self, child, name=None):
            if _kname(child) not in SEQUENTIAL:
                raise QError(f"seqlist: cannot add {_kname(child)} module, expecting sequential")
            name = name or str(len(self._modules))
            self.add_module(name, child)
            return name

        def forward(self, x, *rest):
            for q in self._modules.values():
                if len(q):
                    x = q(x, *rest)
            return x


    class Residual(nn.Module):
        """`residual`: q1(x)+x, or q1(x)+q2(x) with a second sequential, then the optional
        activation fn (children named q1, q2, fn unless given names)."""

        def __init__(self):
            super().__init__()
            self._q1 = self._q2 = self._fn = None

        def add(self, child, name=None):
            kn = _kname(child)
            if kn in SEQUENTIAL:
                if self._q1 is None:
                    self._q1 = name = name or "q1"
                elif self._q2 is None and self._fn is None:
                    self._q2 = name = name or "q2"
                elif self._fn is not None:
                    raise QError("residual: activation function already defined, cannot add a "
                                 "2nd sequential module")
                else:
                    raise QError("residual: both sequential modules already defined, cannot "
                                 "add another sequential module")
            else:
                if self._q1 is None:
                    raise QError(f"residual: cannot add {kn} module until sequential module(s) "
                                 "defined")
                if self._fn is not None:
                    raise QError(f"residual: cannot add {kn} module, activation function "
                                 "already defined")
                self._fn = name = name or "fn"
            self.add_module(name, child)
            return name

        def forward(self, x, *rest):
            if self._q1 is None:
                raise RuntimeError("residual: no modules defined for forward calculation")
            m = self._modules
            y = m[self._q1](x, *rest)
            y = y + (x if self._q2 is None else m[self._q2](x, *rest))
            return y if self._fn is None else m[self._fn](y)


    class Transform(nn.Module):
        """`transform`: a sequential for training mode (`train`) and one for evaluation
        (`eval`); a missing or empty one passes the input through."""

        def add(self, child, name=None):
            if _kname(child) not in SEQUENTIAL:
                raise QError(f"transform: cannot add {_kname(child)} module, expecting "
                             "sequential block")
            if len(self._modules) == 2:
                raise QError("transform: both training and evaluation transforms already "
                             "defined")
            name = name or ("train", "eval")[len(self._modules)]
            if name in self._modules:
                raise QError(f"transform: child module named `{name} already defined")
            # ktorch's names `train`/`eval` are nn.Module methods: add_module refuses them
            self._modules[name] = child
            return name

        def forward(self, x):
            seqs, i = list(self._modules.values()), 0 if self.training else 1
            q = seqs[i] if i < len(seqs) else None
            return x if is_empty_seq(q) else q(x)

    return {"SeqList": SeqList, "Residual": Residual, "Transform": Transform,
            "Sequential": Sequential, "SeqNest": SeqNest, "SeqJoin": SeqJoin, "Recur": Recur, "LSTM": LSTM, "GRU": GRU, "RNN": RNN, "Cat": Cat, "Select": Select, "Reshape": Reshape, "Fn": Fn, "Mul": Mul, "Matmul": Matmul}


__getattr__ = classes_on_demand(__name__, _build)


def is_container(m):
    return isinstance(m, tuple(knn_class(n) for n in CONTAINERS))


def knn_class(name):
    """One of this module's classes (building them if need be)."""
    return __getattr__.made()[name]
