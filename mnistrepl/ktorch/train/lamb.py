"""ktorch's LAMB optimizer (NVLAMB variant), ktorch-api.md 6.3.

    opt = Lamb(params, lr=1e-3, betas=(.9, .999), eps=1e-8, weight_decay=0,
               unbiased=True, globalnorm=True, trustclip=True, trustmin=0, trustmax=1)

One step: with `globalnorm` (a construction default, not per group) every gradient is
divided IN PLACE by the global gradient norm G, then an Adam-style update u (bias
corrected when `unbiased`, plus decay*p) is scaled by the trust ratio ||p|| / ||u||
(1 when either norm is 0; clamped to [trustmin, trustmax] with `trustclip`).
The `step` count is kept as a Python int, as libtorch keeps it an integer.
"""
import math

from ..core.lazy import classes_on_demand, torch


class LambError(RuntimeError):
    """A LAMB failure whose message is shown as is (no `step:` prefix)."""


def _num(x):
    """A number the way C++ streams print a double: 0.5, -1, 1e-08."""
    return f"{x:g}"


def validate(lr, betas, eps, weight_decay):
    """Raise ValueError with ktorch's message for an invalid setting."""
    if not lr >= 0:
        raise ValueError(f"Invalid learning rate: {_num(lr)}")
    if not eps >= 0:
        raise ValueError(f"Invalid epsilon value: {_num(eps)}")
    for i, b in enumerate(betas):
        if not 0 <= b < 1:
            raise ValueError(f"Invalid beta parameter at index {i}: {_num(b)}")
    if not weight_decay >= 0:
        raise ValueError(f"Invalid weight_decay value: {_num(weight_decay)}")


def _build():
    """Lamb, made on first use (its base is torch's Optimizer; core/lazy.py)."""
    class Lamb(torch.optim.Optimizer):
        """LAMB with ktorch's options; see the module docstring for the update."""

        def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0,
                     unbiased=True, globalnorm=True, trustclip=True, trustmin=0.0,
                     trustmax=1.0):
            validate(lr, betas, eps, weight_decay)
            defaults = dict(lr=lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay,
                            unbiased=unbiased, globalnorm=globalnorm, trustclip=trustclip,
                            trustmin=trustmin, trustmax=trustmax)
            super().__init__(params, defaults)

        def add_param_group(self, group):
            """Groups added later (opt(o;g;parms;..)) are checked like the defaults."""
            full = {**self.defaults, **group}
            validate(full["lr"], full["betas"], full["eps"], full["weight_decay"])
            super().add_param_group(group)

        def _grads(self):
            """Every defined gradient, in group order; sparse ones are an error."""
            out = []
            for group in self.param_groups:
                for p in group["params"]:
                    if p.grad is not None:
                        if p.grad.is_sparse:
                            raise LambError("lamb: sparse gradients not implemented")
                        out.append(p.grad)
            return out

        def _global_norm(self, grads):
            """sqrt of the sum of all squared gradients, in the first one's dtype/device."""
            if not grads or not self.defaults["globalnorm"]:
                return None
            first = grads[0]
            total = torch.zeros((), dtype=first.dtype, device=first.device)
            for g in grads:
                total = total + g.to(dtype=first.dtype, device=first.device).pow(2).sum()
            return total.sqrt()

        @torch.no_grad()
        def step(self, closure=None):
            """One LAMB update; returns the closure's loss when a closure is given."""
            loss = None
            if closure is not None:
                with torch.enable_grad():
                    loss = closure()
            norm = self._global_norm(self._grads())
            for group in self.param_groups:
                for p in group["params"]:
                    if p.grad is not None:
                        self._update(p, group, norm)
            return loss

        def _update(self, p, group, norm):
            state = self.state[p]
            if not state:
                state["step"] = 0
                state["exp_avg"] = torch.zeros_like(p, memory_format=torch.preserve_format)
                state["exp_avg_sq"] = torch.zeros_like(p, memory_format=torch.preserve_format)
            state["step"] += 1
            t = state["step"]
            b1, b2 = group["betas"]
            g = p.grad
            if norm is not None:
                g.div_(norm)                      # the stored gradient changes (ktorch does too)
            m, v = state["exp_avg"], state["exp_avg_sq"]
            m.mul_(b1).add_(g, alpha=1 - b1)
            v.mul_(b2).addcmul_(g, g, value=1 - b2)
            if group["unbiased"]:
                u = (m / (1 - b1 ** t)) / (v.sqrt() / math.sqrt(1 - b2 ** t) + group["eps"])
            else:
                u = m / (v.sqrt() + group["eps"])
            if group["weight_decay"] != 0:
                u = u + group["weight_decay"] * p
            w, r = p.norm(2), u.norm(2)
            trust = torch.where((w > 0) & (r > 0), w / r, torch.ones_like(w))
            if group["trustclip"]:
                trust = trust.clamp(group["trustmin"], group["trustmax"])
            p.sub_(group["lr"] * trust * u)

    return {"Lamb": Lamb}


__getattr__ = classes_on_demand(__name__, _build)
