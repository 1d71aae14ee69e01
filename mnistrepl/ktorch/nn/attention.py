"""The transformer layers of ktorch's knn (its compact convolutional transformer uses them):
`selfattention`, `embedpos` (a learned position embedding) and `droppath` (stochastic depth).

    m = SelfAttention(128, 2, 0.1, True)   # children norm (if norm), in, drop, out
    m(x)                                   # x: batch x sequence x dim, same shape out

The inner layers are built by the catalogue (they carry kname/kopts), so `parmtypes` names
`attn.in.weight` a `linear` and `attn.norm.weight` a `layernorm`, as ktorch does.
The classes are made on first use (core/lazy.py).
"""
import math

from ..core.lazy import classes_on_demand, nn, torch


def _build():
    class SelfAttention(nn.Module):
        """ktorch's SelfAttention: optional pre-norm, one linear to q,k,v (no bias with the
        norm), softmax(q k'/sqrt d) with dropout, times v, then the output linear."""

        def __init__(self, dim, heads, dropout=0.0, norm=False, make=None):
            super().__init__()
            self.heads = heads
            if norm:
                self.norm = make("layernorm", {"shape": (dim,), "eps": 1e-05, "affine": True})
            self.add_module("in", make("linear", {"in": dim, "out": 3 * dim, "bias": not norm}))
            self.drop = make("drop", {"p": dropout, "inplace": False})
            self.out = make("linear", {"in": dim, "out": dim, "bias": True})

        def forward(self, x):
            if x.dim() != 3:
                raise RuntimeError(f"selfattention: expecting 3-dim input (batch x sequence "
                                   f"x dim), given {x.dim()}-dim")
            n, s, d = x.shape
            h = self.heads
            y = self.norm(x) if hasattr(self, "norm") else x
            c = getattr(self, "in")(y).reshape(n, s, 3, h, d // h).permute(2, 0, 3, 1, 4)
            q, k, v = c[0], c[1], c[2]
            a = torch.matmul(q, k.transpose(-2, -1)) * (1 / math.sqrt(d // h))
            a = torch.matmul(self.drop(torch.softmax(a, -1)), v)
            return self.out(a.transpose(1, 2).contiguous().view(n, s, d))


    class EmbedPos(nn.Module):
        """`embedpos`: a learned 1 x rows x cols position embedding (zeros at first); the
        forward returns its rows for the input's sequence length, x.size(-2) (ktorch slices
        by x.size(-1), which gives the same rows wherever its result fits the input)."""

        def __init__(self, rows, cols):
            super().__init__()
            self.pos = nn.Parameter(torch.zeros(1, rows, cols))

        def forward(self, x):
            if x.dim() < 2:
                raise RuntimeError(f"embedpos: expecting input of 2 or more dims (sequence "
                                   f"x dim), given {x.dim()}-dim")
            return self.pos[:, :x.size(-2), :]


    class DropPath(nn.Module):
        """`droppath`: in training, zero whole samples with probability p, scaling the kept
        ones by 1/(1-p)."""

        def __init__(self, p=0.0):
            super().__init__()
            self.p = p

        def forward(self, x):
            if self.p == 0 or not self.training:
                return x
            if x.dim() == 0:
                raise RuntimeError("droppath: expecting input with a batch dimension, given "
                                   "0-dim tensor")
            keep = 1.0 - self.p
            shape = (x.size(0),) + (1,) * (x.dim() - 1)
            y = keep + torch.rand(shape, dtype=x.dtype, device=x.device)
            return x.div(keep) * y.floor()

    return {"SelfAttention": SelfAttention, "EmbedPos": EmbedPos, "DropPath": DropPath}


__getattr__ = classes_on_demand(__name__, _build)
