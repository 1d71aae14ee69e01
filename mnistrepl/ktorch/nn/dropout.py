"""`drop`: torch.nn.Dropout with a faster mask on the CPU.

torch draws a CPU dropout mask with bernoulli_, one double-precision draw per element on
one thread: a fifth of a conv.q training epoch, measured. uniform_ fills the same tensor
about 2.5 times faster; `u >= p` keeps an element with probability 1-p, as bernoulli_(1-p)
does, and the kept ones are scaled by 1/(1-p) as torch scales them (the same division).
Forward and backward are torch's own otherwise (input * mask). Evaluation, p 0 or 1,
other devices and non-float inputs go to torch's dropout unchanged. The mask is another
draw from the same generator, so a seeded run drops other (as many) activations.
"""
from ..core.lazy import classes_on_demand, nn, torch


def mask(x, p):
    """The scaled keep-mask of x: 0 (dropped) or 1/(1-p), in x's dtype and layout."""
    return torch.empty_like(x).uniform_().ge_(p).div_(1 - p)


def _build():
    class Dropout(nn.Dropout):
        """Dropout whose CPU training mask comes from uniform_ (module docstring)."""

        def forward(self, x):
            if not (self.training and 0 < self.p < 1 and x.device.type == "cpu"
                    and x.is_floating_point()):
                return super().forward(x)
            keep = mask(x, self.p)
            return x.mul_(keep) if self.inplace else x * keep

    return {"Dropout": Dropout}


__getattr__ = classes_on_demand(__name__, _build)
