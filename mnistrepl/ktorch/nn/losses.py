"""Loss functions (ktorch-api.md 5): `loss` and the functional forms `ce mse bce ..`.

    q)l:loss(`ce;`smoothing,.01)            / new loss pointer
    q)loss l                                / definition `module`options
    q)r:loss(l;x;y)                         / tensor pointer with the loss
    q)mse(1 3 6 9.0;1 2 4 8.0)              / k inputs give a k result
    1.5

A loss module is a torch loss (a subclass where ktorch's forward differs: bce/bcelogits
take an optional 3rd batch-weight tensor, class weights follow the input's dtype) with
`kname` / `kopts` (Python values in ktorch's option order). `str l` shows libtorch's
label of the class, e.g. `torch::nn::CrossEntropyLoss()` (describe below).
`loss_defaults(name)` is the `` options`ce `` dictionary (modules.options calls it).
"""

from ..core.lazy import F, classes_on_demand, nn, torch
from mnistrepl.q.errors import QError
from mnistrepl.q.values import B, S, Atom, Dict, List, Vec, IDENTITY, from_items, sym, symvec
from ..core.api import API
from ..tensors.convert import py_to_q, to_q
from ..core.handles import is_pointer
from ..tensors.inputs import tensors
from ..core.kinds import LossObj, TensorObj
from ..core.args import BOOL, FLOAT, LONG, Fields, arglist, is_sym, kind, split_options

REDUCTIONS = ("mean", "sum", "none")


# ---------------------------------------------------------------- option converters

def _reduce(owner, name, x):
    if is_sym(x) and (x.v in REDUCTIONS or (owner == "kl" and x.v == "batchmean")):
        return x.v
    raise QError(f"{owner}: unrecognized reduction, expecting `mean`sum`none, given "
                 f"{x.v if is_sym(x) else kind(x)}")


def _weight(owner, name, x):
    """Class weights: `()` / `::` for none, else a numeric list (kept as floats)."""
    if x is IDENTITY or (isinstance(x, List) and not x.items):
        return None
    if isinstance(x, Vec) and x.t not in (S, B):
        return tuple(float(v) for v in x.a)
    raise QError(f"{owner}: {name} expects a list of class weights, given {kind(x)}")


REDUCE = ("reduce", "mean", _reduce)
WEIGHT = ("weight", None, _weight)
IGNORE = ("ignore", -100, LONG)


# ---------------------------------------------------------------- torch modules

def _cast(w, x):
    """A weight in x's dtype/device (k weights are doubles, outputs usually reals)."""
    return None if w is None else w.to(dtype=x.dtype, device=x.device)


def _build():
    """Our subclasses of torch's losses, made on first use (core/lazy.py)."""
    class CrossEntropyLoss(nn.CrossEntropyLoss):
        def forward(self, x, y):
            return F.cross_entropy(x, y, weight=_cast(self.weight, x), ignore_index=self.ignore_index,
                                   reduction=self.reduction, label_smoothing=self.label_smoothing)


    class NLLLoss(nn.NLLLoss):
        def forward(self, x, y):
            return F.nll_loss(x, y, weight=_cast(self.weight, x), ignore_index=self.ignore_index,
                              reduction=self.reduction)


    class BCELoss(nn.BCELoss):
        """ktorch's bce: batch weights are an optional 3rd forward tensor."""
        def forward(self, x, y, w=None):
            return F.binary_cross_entropy(x, y, weight=_cast(w, x), reduction=self.reduction)


    class BCEWithLogitsLoss(nn.BCEWithLogitsLoss):
        """Class weights from the options, times optional batch weights (3rd tensor)."""
        def forward(self, x, y, w=None):
            weight, w = _cast(self.weight, x), _cast(w, x)
            if w is not None:
                weight = w if weight is None else weight * w
            return F.binary_cross_entropy_with_logits(x, y, weight=weight, reduction=self.reduction)

    return {"CrossEntropyLoss": CrossEntropyLoss, "NLLLoss": NLLLoss, "BCELoss": BCELoss,
            "BCEWithLogitsLoss": BCEWithLogitsLoss}


__getattr__ = classes_on_demand(__name__, _build)


def _tensor(v):
    return None if v is None else torch.tensor(v, dtype=torch.float64)


# kname -> (torch class name, ours: a subclass above rather than torch.nn's, options,
#           kopts -> constructor kwargs, max inputs)
LOSSES = {
    "ce": ("CrossEntropyLoss", True,
           Fields(WEIGHT, IGNORE, ("smoothing", 0.0, FLOAT), REDUCE),
           lambda o: dict(weight=_tensor(o["weight"]), ignore_index=o["ignore"],
                          label_smoothing=o["smoothing"]), 2),
    "nll": ("NLLLoss", True, Fields(WEIGHT, IGNORE, REDUCE),
            lambda o: dict(weight=_tensor(o["weight"]), ignore_index=o["ignore"]), 2),
    "bce": ("BCELoss", True, Fields(REDUCE), lambda o: {}, 3),
    "bcelogits": ("BCEWithLogitsLoss", True, Fields(WEIGHT, REDUCE),
                  lambda o: dict(weight=_tensor(o["weight"])), 3),
    "mse": ("MSELoss", False, Fields(REDUCE), lambda o: {}, 2),
    "l1": ("L1Loss", False, Fields(REDUCE), lambda o: {}, 2),
    "smoothl1": ("SmoothL1Loss", False, Fields(("beta", 1.0, FLOAT), REDUCE),
                 lambda o: dict(beta=o["beta"]), 2),
    "huber": ("HuberLoss", False, Fields(("delta", 1.0, FLOAT), REDUCE),
              lambda o: dict(delta=o["delta"]), 2),
    "kl": ("KLDivLoss", False, Fields(("log", False, BOOL), REDUCE),
           lambda o: dict(log_target=o["log"]), 2),
}


def _spec(name):
    if name not in LOSSES:
        raise QError(f"unrecognized loss: {name}")
    return LOSSES[name]


def parse_options(name, values):
    """kopts dict of loss `name` from option values (positional then named); a trailing
    symbol positional is the reduction."""
    fields = _spec(name)[2]
    pos, named = split_options(values)
    if pos and is_sym(pos[-1]) and len(pos) < len(fields.names):
        named = [("reduce", pos[-1])] + list(named)
        pos = pos[:-1]
    return fields.parse(name, pos, named)


def build(name, kopts):
    """The torch loss module for `name` with options kopts (kname/kopts attached)."""
    label, ours, _, kwargs, _ = _spec(name)
    cls = __getattr__.made()[label] if ours else getattr(nn, label)
    m = cls(reduction=kopts["reduce"], **kwargs(kopts))
    m.kname, m.kopts = name, dict(kopts)
    return m


# ---------------------------------------------------------------- q forms of options

def options_dict(kopts, defaults=None):
    """q dictionary of options; only those differing from `defaults` when given."""
    pairs = [(n, v) for n, v in kopts.items() if defaults is None or defaults[n] != v]
    return Dict(symvec([n for n, _ in pairs]), from_items([py_to_q(v) for _, v in pairs]))


def loss_defaults(name):
    """`` options`ce `` -> weight`ignore`smoothing`reduce!(::;-100;0f;`mean)."""
    return options_dict(_spec(name)[2].defaults())


def definition(m, alloptions=True):
    """`loss l`: dictionary `module`options."""
    defaults = None if alloptions else _spec(m.kname)[2].defaults()
    return Dict(symvec(["module", "options"]),
                List([sym(m.kname), options_dict(m.kopts, defaults)]))


def describe(lossobj):
    """`str l`: libtorch's label for the loss class, e.g. `torch::nn::CrossEntropyLoss()`."""
    m = lossobj.module
    name = LOSSES[m.kname][0] if getattr(m, "kname", None) in LOSSES else type(m).__name__
    return f"torch::nn::{name}()"


# ---------------------------------------------------------------- calculation

def _same_device(ts):
    """Move cpu tensors to the device of the first non-cpu one (mixed inputs)."""
    dev = next((t.device for t in ts if t.device.type != "cpu"), None)
    return ts if dev is None else [t.to(dev) for t in ts]


def compute(k, m, inputs):
    """Loss tensor of module m on the input-form values (output; target[; weight])."""
    ts = _same_device(tensors(k, inputs))
    limit = _spec(m.kname)[4] if getattr(m, "kname", None) in LOSSES else 2
    if not 2 <= len(ts) <= limit:
        raise QError(f"{m.kname}: expecting {'2-3' if limit == 3 else 2} tensors, "
                     f"(output;target{';weight' if limit == 3 else ''}), {len(ts)} given")
    return m(*ts)


def _has_pointer(values):
    return any(is_pointer(v) or (isinstance(v, List) and v.items and is_pointer(v.items[0]))
               for v in values)


def _loss_obj(k, x):
    """The LossObj of a loss or model pointer, else None."""
    obj = k.handles.get(x) if is_pointer(x) else None
    if obj is None:
        return None
    if obj.kind == "loss":
        return obj
    if obj.kind == "model":
        return obj.loss
    raise QError(f"loss: unrecognized arg, expecting loss name or pointer, given {obj.kind}")


@API.qfunc("loss", 1)
def loss(k, x):
    """`` loss`ce `` / `` loss(`ce;opts..) `` new loss; `loss l` / `loss(l;flag)`
    definition; `loss(l;output;target)` tensor pointer; `loss m` the model's loss."""
    if is_pointer(x):
        obj = k.handles.get(x)
        lo = _loss_obj(k, x)
        return k.new(lo) if obj.kind == "model" else definition(lo.module, _all(k))
    args = list(x.a) if isinstance(x, Vec) and x.t == S else arglist(x)
    args = [sym(a) if isinstance(a, str) else a for a in args]
    if not args:
        raise QError("loss: expecting loss name or pointer")
    if is_sym(args[0]):
        name = args[0].v
        _spec(name)
        return k.new(LossObj(build(name, parse_options(name, args[1:]))))
    lo = _loss_obj(k, args[0])
    if lo is None:
        raise QError(f"loss: unrecognized arg, expecting loss name or pointer, given "
                     f"{kind(args[0])}")
    if len(args) == 2 and isinstance(args[1], Atom) and args[1].t == -B:
        return definition(lo.module, bool(args[1].v))
    return k.new(TensorObj(compute(k, lo.module, args[1:])))


def _all(k):
    return bool(k.settings.get("alloptions", True))


# ---------------------------------------------------------------- functional forms

def _is_data(x):
    """Could x be a (3rd) input tensor rather than an option?"""
    if is_pointer(x):
        return True
    if isinstance(x, Vec):
        return x.t != S
    if isinstance(x, Atom):
        return x.t != -S and x.t != -B
    return isinstance(x, List) and bool(x.items) and split_options([x])[0] == [x]


def functional(k, name, x):
    """`ce(x;y)`, `mse(x;y;`none)`, `bce(x;y;w;opts..)`: a tensor pointer if any input is
    a pointer, else a k value."""
    args = arglist(x)
    if len(args) < 2:
        raise QError(f"{name}: expecting (output;target;options..), {len(args)} arg(s) given")
    n = 3 if LOSSES[name][4] == 3 and len(args) > 2 and _is_data(args[2]) else 2
    inputs = args[:n]
    r = compute(k, build(name, parse_options(name, args[n:])), inputs)
    return k.new(TensorObj(r)) if _has_pointer(inputs) else to_q(r)


def _register(name):
    API.qfunc(name, 1)(lambda k, x: functional(k, name, x))


for _name in ("ce", "bce", "mse", "nll", "l1", "smoothl1", "bcelogits", "huber", "kl"):
    _register(_name)
