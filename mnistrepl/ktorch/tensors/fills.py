"""In-place random fills and initialisation, no gradient recording (ktorch-api.md 3.7).

    uniform(y;.8;1)   normal z   zeros t   fill(t;3)   random(t;0;10)
    xnormal(q;`3.weight;gain`relu)        knormal(t;`relu;`fanout)
    uniform(v;0 1;-1;1) fills elements 0 1 of vector v; modules require names.
    gain`relu -> 1.414214
A k array instead of a pointer is filled and returned as a k array.
"""

from ..core.lazy import torch
from mnistrepl.q.errors import QError
from mnistrepl.q.values import B, E, F, H, I, J, S, X, Atom, List, Vec, IDENTITY, flt
from ..core.api import API
from .convert import to_q, to_tensor
from ..core.handles import is_pointer
from ..core.kinds import DictObj, TensorObj, VectorObj
from ..core.args import kind, to_long
from .tensor_options import module_of, need
from .vectors import select_keys

NUMERIC = (B, X, H, I, J, E, F)
NONLINEAR = {"linear": "linear", "conv1d": "conv1d", "conv2d": "conv2d", "conv3d": "conv3d",
             "convtranspose1d": "conv_transpose1d", "convtranspose2d": "conv_transpose2d",
             "convtranspose3d": "conv_transpose3d", "sigmoid": "sigmoid", "tanh": "tanh",
             "relu": "relu", "leakyrelu": "leaky_relu", "selu": "selu"}


def _num(name, x):
    if isinstance(x, Atom) and -x.t in NUMERIC:
        return x.v.item()
    raise QError(f"{name}: expecting numeric arg, given {kind(x)}")


def _nums(name, args, most, need_=0):
    if not need_ <= len(args) <= most:
        raise QError(f"{name}: expecting {need_}-{most} arg(s) after the target, "
                     f"given {len(args)}")
    return [_num(name, a) for a in args]


def _kaiming(name, args):
    """(a, mode, nonlinearity) from symbols `relu / `fanin / `fanout and a slope."""
    a, mode, nl = 0.0, "fan_in", "leaky_relu"
    for x in args:
        if isinstance(x, Atom) and x.t == -S and x.v in ("fanin", "fanout"):
            mode = "fan_in" if x.v == "fanin" else "fan_out"
        elif isinstance(x, Atom) and x.t == -S:
            if x.v not in NONLINEAR:
                raise QError(f"{name}: unrecognized non-linearity `{x.v}")
            nl = NONLINEAR[x.v]
        else:
            a = _num(name, x)
    return a, mode, nl


def _filler(name, args):
    """A function tensor -> None filling it in place per `name` and its args."""
    init = torch.nn.init
    if name == "uniform":
        lo, hi = (_nums(name, args, 2) + [0, 1][len(args):])[:2] if args else (0, 1)
        return lambda t: t.uniform_(lo, hi)
    if name == "normal":
        mean, std = (_nums(name, args, 2) + [0, 1][len(args):])[:2] if args else (0, 1)
        return lambda t: t.normal_(mean, std)
    if name in ("zeros", "ones"):
        _nums(name, args, 0)
        return lambda t: t.fill_(0 if name == "zeros" else 1)
    if name == "fill":
        (v,) = _nums(name, args, 1, 1)
        return lambda t: t.fill_(v)
    if name in ("xnormal", "xuniform"):
        g = _nums(name, args, 1)
        fn = init.xavier_normal_ if name == "xnormal" else init.xavier_uniform_
        return lambda t: fn(t, gain=g[0] if g else 1.0)
    if name in ("knormal", "kuniform"):
        if len(args) > 3:
            raise QError(f"{name}: expecting up to 3 args after the target")
        a, mode, nl = _kaiming(name, args)
        fn = init.kaiming_normal_ if name == "knormal" else init.kaiming_uniform_
        return lambda t: fn(t, a=a, mode=mode, nonlinearity=nl)
    _nums(name, args, 2)                                # random: whole numbers
    nums = [to_long(name, "bound", a) for a in args]
    return lambda t: t.random_(*nums)


ARGS = {"uniform": 2, "normal": 2, "zeros": 0, "ones": 0, "fill": 1, "xnormal": 1,
        "xuniform": 1, "knormal": 3, "kuniform": 3, "random": 2}


def _targets(k, name, obj, args):
    """(tensors to fill, remaining args): a selector comes first for modules always, for
    vectors when there are more args than the fill takes, for dictionaries when it names
    keys."""
    m = module_of(obj) if obj.kind in ("module", "model", "optimizer") else None
    if m is not None or obj.kind in ("module", "model", "optimizer"):
        if not args or not isinstance(args[0], (Atom, Vec)) or abs(args[0].t) != S:
            raise QError(f"{name}: expecting parameter/buffer name(s) for {obj.kind}")
        named = dict(m.named_parameters())
        named.update(m.named_buffers())
        names = [args[0].v] if isinstance(args[0], Atom) else [str(s) for s in args[0].a]
        for n in names:
            if n not in named:
                raise QError(f"{name}: {n} is not a parameter or buffer")
        return [named[n] for n in names], args[1:]
    if isinstance(obj, TensorObj):
        return [obj.t], args
    if isinstance(obj, VectorObj):
        if len(args) > ARGS[name]:
            return [obj.ts[i] for i in select_keys(obj, args[0], name)], args[1:]
        return list(obj.ts), args
    if isinstance(obj, DictObj):
        sel = args[0] if args else None
        if isinstance(sel, (Atom, Vec)) and abs(sel.t) == S and _all_keys(obj, sel):
            return [obj.ts[n] for n in select_keys(obj, sel, name)], args[1:]
        return list(obj.ts.values()), args
    raise QError(f"{name}: not implemented for {obj.kind}")


def _all_keys(obj, sel):
    names = [sel.v] if isinstance(sel, Atom) else list(sel.a)
    return all(n in obj.ts for n in names)


def fill_api(k, name, x):
    """f(target[;selector];args..): fill in place (null) or return a filled k array."""
    args = list(x.items) if isinstance(x, List) and not is_pointer(x) else [x]
    if args and not is_pointer(args[0]) and not _arg_form(name, args):
        args = [x]                              # a general-list k array, e.g. (1 2e;3 4e)
    if not args or args[0] is IDENTITY:
        raise QError(f"{name}: expecting tensor, vector, dictionary, module or k array")
    first = args[0]
    if not is_pointer(first):
        t = to_tensor(first)
        with torch.no_grad():
            _filler(name, args[1:])(t)
        return to_q(t)
    obj = need(k, name, first)
    ts, rest = _targets(k, name, obj, args[1:])
    fn = _filler(name, rest)
    with torch.no_grad():
        for t in ts:
            fn(t)
    return IDENTITY


def _arg_form(name, args):
    """Is (array;a;b..) an array followed by fill arguments (atoms), rather than a
    general-list k array?"""
    rest = args[1:]
    return len(args) > 1 and len(rest) <= ARGS[name] and all(isinstance(a, Atom) for a in rest)


def _register(name):
    API.qfunc(name, 1)(lambda k, x: fill_api(k, name, x))


for _name in ARGS:
    _register(_name)


@API.qfunc("gain", 1)
def gain(k, x):
    """gain`relu -> 1.414214; gain(`leakyrelu;.2) -> sqrt 2%1+.2*.2."""
    args = list(x.items) if isinstance(x, List) else [x]
    if not args or not (isinstance(args[0], Atom) and args[0].t == -S) or len(args) > 2:
        raise QError(f"gain: expecting non-linearity symbol and optional parameter, "
                     f"given {kind(x)}")
    s = args[0].v
    if s not in NONLINEAR:
        raise QError(f"gain: unrecognized non-linearity `{s}")
    p = _num("gain", args[1]) if len(args) == 2 else None
    return flt(torch.nn.init.calculate_gain(NONLINEAR[s], p))
