"""Mean with standard deviation or variance over dimensions (ktorch's math-reduce
`meanstd` / `meanvar`, torch.std_mean / var_mean), e.g. per-channel statistics for `zscore`.

    q)meanstd "e"$3 5#til 15
    7 4.472136e
    q)meanstd("e"$3 5#til 15;1)      / across columns: row 0 means, row 1 deviations
    2        7        12
    1.581139 1.581139 1.581139
    meanstd(x;dim;unbiased;keepdim), meanstd(x;unbiased): integral input is converted to
    float (4-byte) first. A k array gives a k array, a tensor pointer a new tensor pointer.
"""
from ..core.lazy import torch
from mnistrepl.q.errors import QError
from mnistrepl.q.values import B, Atom, List, Vec, INTEGRAL
from ..core.api import API
from ..core.args import kind
from ..core.handles import is_pointer
from ..core.kinds import TensorObj
from .convert import to_q, to_tensor
from .tensor_options import check_dim, need


def _is_dims(x):
    return (isinstance(x, Atom) and -x.t in INTEGRAL and x.t != -B) or \
        (isinstance(x, Vec) and x.t in INTEGRAL and x.t != B)


def _is_flag(x):
    return isinstance(x, Atom) and x.t == -B


def _is_matrix(items):
    """A general list of equal simple lists is one k array, not (x;args..)."""
    first = items[0]
    return isinstance(first, Vec) and all(isinstance(i, Vec) and i.t == first.t and
                                          len(i.a) == len(first.a) for i in items)


def _split(x):
    """(input, [dims], unbiased, keepdim) of meanstd's argument forms."""
    its = list(x.items) if isinstance(x, List) and not is_pointer(x) else None
    if not its or len(its) > 4 or not all(_is_dims(a) or _is_flag(a) for a in its[1:]) \
            or _is_matrix(its):
        return x, None, True, False
    rest = its[1:]
    dims = None
    if rest and _is_dims(rest[0]):
        d = rest.pop(0)
        dims = [int(v) for v in (d.a if isinstance(d, Vec) else [d.v])]
    if len(rest) > 2 or not all(_is_flag(a) for a in rest):
        raise QError("unexpected arg(s), expecting (input;dim;unbiased;keepdim)")
    flags = [bool(a.v) for a in rest] + [True, False][len(rest):]
    return its[0], dims, flags[0], flags[1]


def _stats(k, owner, x, fn):
    try:
        inp, dims, unbiased, keep = _split(x)
    except QError as e:
        raise QError(f"{owner}: {e}") from None
    if inp is None or (isinstance(inp, List) and not inp.items):
        raise QError(f"{owner}: expecting array or tensor, given {kind(inp)}")
    obj = need(k, owner, inp) if is_pointer(inp) else None
    if obj is not None and not isinstance(obj, TensorObj):
        raise QError(f"{owner}: expecting tensor, given {obj.kind}")
    try:
        t = obj.view if obj is not None else to_tensor(inp)
    except QError as e:
        raise QError(f"{owner}: {e}") from None
    if not t.is_floating_point():
        t = t.to(torch.get_default_dtype())
    for d in dims or []:
        check_dim(owner, t, d)
    a, b = fn(t, dim=dims, correction=1 if unbiased else 0, keepdim=keep)
    r = torch.stack([b, a])          # torch gives (std, mean): ktorch returns mean first
    return k.new(TensorObj(r)) if obj is not None else to_q(r)


@API.qfunc("meanstd", 1)
def meanstd(k, x):
    """meanstd(x;dim;unbiased;keepdim) -> (means;standard deviations)."""
    return _stats(k, "meanstd", x, torch.std_mean)


@API.qfunc("meanvar", 1)
def meanvar(k, x):
    """meanvar(x;dim;unbiased;keepdim) -> (means;variances)."""
    return _stats(k, "meanvar", x, torch.var_mean)
