"""A model's training or test data (ktorch-api.md 7.3): inputs and targets as tensors on
the model's device, batch state and the shuffle permutation.

No per-sample loader: the full tensors stay put; a shuffle draws one permutation and
batches are taken with index_select on a slice of it (measured faster on CPU than
permuting 60000x784 floats once per epoch and slicing views: 30ms vs 220ms an epoch).
Without a permutation a batch is a narrow() view.

    d = Data(); d.define(Side.of(k, x, dev), Side.of(k, y, dev), opts)  -> batches
    d.select(i) -> ([input tensors], [target tensors])
"""

from ..core.lazy import torch
from mnistrepl.q.errors import QError
from mnistrepl.q.values import IDENTITY, Dict, List, symvec
from ..tensors.convert import to_q, to_tensor
from ..core.handles import is_pointer
from ..tensors.inputs import _selection
from ..core.kinds import DictObj, TensorObj, VectorObj
from .placement import moved


class Side:
    """Inputs or targets: kind "empty" | "tensor" | "vector" | "dictionary", the full
    tensors in order, and the dictionary keys."""
    __slots__ = ("kind", "ts", "keys")

    def __init__(self, kind="empty", ts=(), keys=None):
        self.kind, self.ts, self.keys = kind, list(ts), keys

    @staticmethod
    def of(k, x, device):
        """The Side for one data argument (input forms of 4.5; tensor pointers shared)."""
        if x is IDENTITY or (isinstance(x, List) and not x.items):
            return Side()
        if is_pointer(x):
            return _pointer_side(k.handles.get(x))
        sel = _selection(k, x)
        if sel is not None:
            return Side("vector", sel)
        if isinstance(x, List) and any(is_pointer(i) or _selection(k, i) is not None
                                       for i in x.items):
            ts = []
            for i in x.items:
                ts.extend(Side.of(k, i, device).ts)
            return Side("vector", ts)
        try:
            return Side("tensor", [to_tensor(x, device=device)])
        except QError:
            if isinstance(x, List):      # ragged k arrays: one tensor each
                return Side("vector", [to_tensor(i, device=device) for i in x.items])
            raise

    def size(self):
        return self.ts[0].size(0) if self.ts else 0


def _pointer_side(obj):
    if isinstance(obj, TensorObj):
        return Side("tensor", [obj.t])
    if isinstance(obj, VectorObj):
        return Side("vector", obj.ts)
    if isinstance(obj, DictObj):
        return Side("dictionary", list(obj.ts.values()), list(obj.ts.keys()))
    raise QError(f"{obj.kind} not valid as input, expecting tensor, vector or dictionary")


def _rows(t):
    if t.dim() == 0:
        raise QError("tensor size mismatch, scalar given")
    return t.size(0)


def check_size(x, y):
    """Common size along dim 0 of every tensor of both sides: 'tensor size mismatch."""
    n = None
    for t in x.ts + y.ts:
        m = _rows(t)
        if n is None:
            n = m
        elif m != n:
            raise QError(f"tensor size mismatch, {n} vs {m}")
    return 0 if n is None else n


def count_batches(n, w, droplast):
    if n <= 0:
        return 0
    w = n if w == 0 or w > n else w
    return n // w if droplast else -(-n // w)


class Data:
    """One side pair (inputs, targets) with batching."""

    def __init__(self):
        self.x, self.y = Side(), Side()
        self.size = -1          # rows (dim 0); -1: never defined
        self.w = 0              # effective batch size
        self.batches = -1
        self.batch = -1         # current batch index, -1: none selected
        self.perm = None        # permutation of rows (shuffled) or None
        self.cur = None         # (xs, ys) of the current batch
        self.to = None          # device batches are copied to (placement.py), or None

    # ---------------------------------------------------------- definition
    def define(self, x, y, o):
        """Set both sides; number of batches."""
        n = check_size(x, y)
        self.x, self.y = x, y
        return self._reset(n, o)

    def define_side(self, z, is_input, o):
        x, y = (z, self.y) if is_input else (self.x, z)
        return self.define(x, y, o)

    def _reset(self, n, o):
        self.size, self.perm = n, None
        self.rebatch(o)
        return self.batches

    def rebatch(self, o):
        """Recompute batch counts after batchsize/droplast change."""
        self.fullsize()
        if self.size > -1:
            w = o["batchsize"]
            self.w = self.size if w == 0 or w > self.size else w
            self.batches = count_batches(self.size, o["batchsize"], o["droplast"])

    # ---------------------------------------------------------- batches
    def fullsize(self):
        self.batch, self.cur = -1, None
        return max(self.size, 0)

    def shuffle(self):
        """New random order of the rows (composed with any previous one)."""
        self.fullsize()
        if self.size > 0:
            dev = self.device()
            p = torch.randperm(self.size).to(dev)
            self.perm = p if self.perm is None else self.perm.index_select(0, p)

    def unshuffle(self):
        self.fullsize()
        self.perm = None

    def device(self):
        ts = self.x.ts + self.y.ts
        return ts[0].device if ts else torch.device("cpu")

    def bounds(self, i):
        start = i * self.w
        return start, min(self.w, self.size - start)

    def select(self, i):
        """Lists (inputs, targets) of batch i; also kept as the current batch."""
        start, n = self.bounds(i)
        if self.perm is None:
            xs = [t.narrow(0, start, n) for t in self.x.ts]
            ys = [t.narrow(0, start, n) for t in self.y.ts]
        else:
            idx = self.perm[start:start + n]
            xs = [t.index_select(0, idx) for t in self.x.ts]
            ys = [t.index_select(0, idx) for t in self.y.ts]
        if self.to is not None:
            xs, ys = moved(xs, self.to), moved(ys, self.to)
        self.batch, self.cur = i, (xs, ys)
        return xs, ys

    def next(self, o, init):
        """Advance (batch m): True with the next batch selected, else restore, False.
        `init(o)` runs before the first batch of a pass."""
        i = self.batch
        first = i < 0
        i = o["task"] if first else i + o["tasks"]
        if i < self.batches:
            if first:
                init()
            self.select(i)
            return True
        self.fullsize()
        return False

    # ---------------------------------------------------------- views
    def current(self, side):
        """Tensors of a side as now seen: the current batch, else the full (ordered) data."""
        if self.cur is not None:
            return self.cur[0 if side == "x" else 1]
        s = self.x if side == "x" else self.y
        if self.perm is None:
            return list(s.ts)
        return [t.index_select(0, self.perm.to(t.device)) for t in s.ts]

    def rows(self):
        """datasize: rows of the current batch, or all rows."""
        if self.cur is not None:
            return self.bounds(self.batch)[1]
        return max(self.size, 0)


# ---------------------------------------------------------------- q views

def side_q(d, side):
    """k value(s) of one side as now seen: `::` when empty."""
    s = d.x if side == "x" else d.y
    ts = d.current(side)
    if s.kind == "empty":
        return IDENTITY
    if s.kind == "tensor":
        return to_q(ts[0])
    if s.kind == "dictionary":
        return Dict(symvec(s.keys), List([to_q(t) for t in ts]))
    return List([to_q(t) for t in ts])


def side_ptr(k, d, side):
    """New pointer sharing a side's data (the current batch while batching)."""
    s = d.x if side == "x" else d.y
    ts = d.current(side)
    if s.kind == "empty":
        return IDENTITY
    if s.kind == "tensor":
        return k.new(TensorObj(ts[0]))
    if s.kind == "dictionary":
        return k.new(DictObj(dict(zip(s.keys, ts))))
    return k.new(VectorObj(ts))
