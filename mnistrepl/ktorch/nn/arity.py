"""How many inputs a module's forward takes, checked before the call so that a wrong count
names the module and what it takes (`'forward: sequential expects 1 input, given 2`)
instead of surfacing a torch message about some argument deep inside (a second tensor
given to a convolution would be taken as its output size)."""
import inspect

from mnistrepl.q.errors import QError
from ..core.lazy import nn
from . import knn


def accepted(m):
    """(least, most) inputs of module m: a sequential takes what its first child takes; the
    k-api's own modules (knn.py) what their forward's signature says; torch's layers one."""
    while isinstance(m, nn.Sequential) and len(m):
        m = next(iter(m.children()))
    if type(m).__module__ == knn.__name__ and not isinstance(m, nn.Sequential):
        ps = list(inspect.signature(m.forward).parameters.values())
        if any(p.kind is p.VAR_POSITIONAL for p in ps):
            return 1, None
        return sum(p.default is p.empty for p in ps), len(ps)
    return 1, 1


def check(m, n, owner):
    """QError unless module m takes n inputs."""
    lo, hi = accepted(m)
    if n < lo or (hi is not None and n > hi):
        want = f"{lo}" if lo == hi else f"{lo}-{hi}" if hi else f"{lo} or more"
        name = getattr(m, "kname", type(m).__name__.lower())
        raise QError(f"{owner}: {name} expects {want} input{'' if want == '1' else 's'}, "
                     f"given {n}")
