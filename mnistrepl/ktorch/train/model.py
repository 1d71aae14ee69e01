"""Models (ktorch-api.md 7): `model`, `train`/`test` options and data, batching, `run`,
`testrun`, step-by-step training (`backward`, `backstep`, `clip`, `clipv`).

    q)m:model(q;l;o)                       / the three handles are consumed
    q)train(m;`batchsize`shuffle;100,1b)
    q)train(m;d`x;d`y)
    600
    q)run m
    0.2690201e

`batch`, `restore` and `shuffle` live in tensors/batching.py; given a model they call its
methods batch / restore / shuffle (ModelObj below).
"""
from mnistrepl.q.errors import QError
from mnistrepl.q.values import S, Atom, Dict, List, Vec, IDENTITY, boolean, items, long
from . import gradients as G
from . import loop as T
from . import train_options as TO
from ..core.api import API
from ..core.handles import is_pointer
from ..tensors.inputs import first_param_device
from ..core.kinds import LossObj, ModuleObj, Obj, OptObj
from .model_data import Data, Side, side_ptr, side_q
from .model_definition import definition
from .placement import pinned, placement
from ..core.args import arglist, is_bool, kind, to_long


class ModelObj(Obj):
    """A module, loss and optimizer with train/test options and data."""
    kind = "model"

    def __init__(self, module, loss, opt):
        self.module, self.loss, self.opt = module, loss, opt
        self.train_opts, self.test_opts = TO.new_options(True), TO.new_options(False)
        self.data, self.testdata = Data(), Data()

    def device(self):
        return first_param_device(self.module.module)

    def side(self, train):
        return (self.data, self.train_opts) if train else (self.testdata, self.test_opts)

    def batch_init(self, train):
        """Restore full size, shuffle training data if the option is set: batches."""
        d, o = self.side(train)
        if train and o["shuffle"]:
            d.shuffle()
        else:
            d.fullsize()
        return d.batches

    # `batch m`, `restore m` and `shuffle m` come here from tensors/batching.py, which
    # calls these methods of any model object it is given (it knows no models).
    def batch(self, args, train=True):
        """`batch m` / `testbatch m`: 1b with the next batch selected."""
        if args:
            raise QError(f"{'batch' if train else 'testbatch'}: expecting model as only argument")
        d, o = self.side(train)
        return boolean(d.next(o, lambda: self.batch_init(train)))

    def restore(self, args, train=True):
        """`restore m` / `testrestore m`: full size."""
        return long(self.side(train)[0].fullsize())

    def shuffle(self, args):
        """`shuffle m`: permute the training rows now."""
        if len(args) > 1:
            raise QError("shuffle: expecting model, with optional dim")
        dim = to_long("shuffle", "dim", args[0]) if args else 0
        if dim != 0:
            raise QError(f"shuffle: model data is only batched on dimension 0, "
                         f"but given dimension {dim}")
        self.data.shuffle()
        return IDENTITY


PARTS = {ModuleObj: "module", LossObj: "loss", OptObj: "opt"}


# ---------------------------------------------------------------- helpers

def _obj(k, x):
    return k.handles.get(x) if is_pointer(x) else None


def _model_of(k, x, owner, what="1st argument must be a model"):
    m = _obj(k, x)
    if not isinstance(m, ModelObj):
        raise QError(f"{owner}: {what}")
    return m


def _model_and_args(k, x, owner):
    """(model, remaining args) of `f m` / `f(m;..)`."""
    if is_pointer(x):
        return _model_of(k, x, owner), []
    args = arglist(x)
    if not args:
        raise QError(f"{owner}: 1st argument must be a model")
    return _model_of(k, args[0], owner), args[1:]


# ---------------------------------------------------------------- model

@API.qfunc("model", 1)
def model(k, x):
    """`model(q;l;o)` new model (handles consumed); `model(m;obj..)` replace parts;
    `model m` / `model(m;flag)` definition dictionary."""
    obj = _obj(k, x)
    if isinstance(obj, ModelObj):
        return definition(k, obj, k.settings.get("alloptions", True))
    args = arglist(x)
    first = _obj(k, args[0]) if args else None
    if isinstance(first, ModelObj):
        if len(args) == 2 and is_bool(args[1]):
            return definition(k, first, bool(args[1].v))
        parts = _parts(k, args, 1)
        for name, (a, o) in parts.items():
            setattr(first, name, o)
        for a, _ in parts.values():
            k.handles.take(a)
        return IDENTITY
    parts = _parts(k, args, 0)
    for need in ("module", "loss", "opt"):
        if need not in parts:
            raise QError(f"model: {'optimizer' if need == 'opt' else need} not specified")
    m = ModelObj(parts["module"][1], parts["loss"][1], parts["opt"][1])
    for a, _ in parts.values():
        k.handles.take(a)
    return k.new(m)


def _parts(k, args, start):
    """{"module"|"loss"|"opt": (handle, obj)} from args[start:]."""
    out = {}
    for i in range(start, len(args)):
        o = _obj(k, args[i])
        name = PARTS.get(type(o))
        if name is None:
            what = o.kind if o is not None else kind(args[i])
            raise QError(f"model arg[{i}] unrecognized: {what}")
        out[name] = (args[i], o)
    return out


# ---------------------------------------------------------------- train / test

def _setup(k, x, train):
    owner = "train" if train else "test"
    m, args = _model_and_args(k, x, owner)
    d, o = m.side(train)
    if not args:
        return TO.get_all(o, train, k.settings.get("alloptions", True))
    a = args[0]
    if is_bool(a) and len(args) == 1:
        return TO.get_all(o, train, bool(a.v))
    if isinstance(a, Atom) and a.t == -S:
        return _setting(m, train, owner, [a.v], args, single=True)
    if isinstance(a, Vec) and a.t == S:
        return _setting(m, train, owner, list(a.a), args, single=False)
    if isinstance(a, Dict) and len(args) == 1:
        if not (isinstance(a.k, Vec) and a.k.t == S):
            raise QError(f"{owner}: unable to get option names from {kind(a)}")
        _set(m, train, owner, list(a.k.a), items(a.v))
        return IDENTITY
    return _define(k, m, train, args, owner)


def _setting(m, train, owner, names, args, single):
    o = m.side(train)[1]
    if len(args) == 1:
        if single:
            return TO.q_value(o, TO.check_name(names[0], train))
        return TO.get_some(o, train, names)
    if len(args) != 2:
        raise QError(f"{owner}: expecting 3 args, (model; setting; value), "
                     f"{len(args) + 1} arg(s) supplied")
    vals = [args[1]] if single else TO.values_of(owner, names, args[1])
    _set(m, train, owner, names, vals)
    return IDENTITY


def _set(m, train, owner, names, vals):
    d, o = m.side(train)
    new = TO.set_many(o, train, owner, names, vals)
    if train:
        m.train_opts = new
    else:
        m.test_opts = new
    if (new["batchsize"], new["droplast"]) != (o["batchsize"], o["droplast"]):
        d.rebatch(new)


def _define(k, m, train, args, owner):
    """train(m;x;y) / train(m;x): number of batches."""
    if len(args) > 2:
        raise QError(f"{owner}: expecting (model;inputs;targets), {len(args) + 1} args given")
    home, to = placement(k, m.device())
    x = pinned(Side.of(k, args[0], home), to)
    y = pinned(Side.of(k, args[1], home), to) if len(args) == 2 else Side()
    d, o = m.side(train)
    d.to = to
    return long(d.define(x, y, o))


@API.qfunc("train", 1)
def train(k, x):
    """Training options or data: `train m`, `` train(m;`batchsize) ``, `train(m;x;y)` -> 600."""
    return _setup(k, x, True)


@API.qfunc("test", 1)
def test(k, x):
    """Test options or data: `` test(m;`batchsize;1000) ``, `test(m;X;Y)` -> 10."""
    return _setup(k, x, False)



# ---------------------------------------------------------------- data

def _data(k, x, train, owner):
    m, args = _model_and_args(k, x, owner)
    if not args:
        d = m.side(train)[0]
        return List([side_q(d, "x"), side_q(d, "y")])
    return _define(k, m, train, args, owner)


@API.qfunc("data", 1)
def data(k, x):
    """`data m` -> (inputs;targets) k values; `data(m;x;y)` defines, -> batches."""
    return _data(k, x, True, "data")


@API.qfunc("testdata", 1)
def testdata(k, x):
    return _data(k, x, False, "testdata")


def _input(k, x, train, side, owner):
    m, args = _model_and_args(k, x, owner)
    d, o = m.side(train)
    if not args:
        return side_ptr(k, d, side)
    dev = m.device()
    if len(args) == 1:
        z = Side.of(k, args[0], dev)
    else:                                   # input(m;x1;x2): a vector, one tensor each
        z = Side("vector", [t for a in args for t in Side.of(k, a, dev).ts])
    return long(d.define_side(z, side == "x", o))


@API.qfunc("input", 1)
def input_(k, x):
    """`input m` -> pointer to the training inputs; `input(m;x)` defines, -> batches."""
    return _input(k, x, True, "x", "input")


@API.qfunc("target", 1)
def target(k, x):
    return _input(k, x, True, "y", "target")


@API.qfunc("testinput", 1)
def testinput(k, x):
    return _input(k, x, False, "x", "testinput")


@API.qfunc("testtarget", 1)
def testtarget(k, x):
    return _input(k, x, False, "y", "testtarget")


def _only_model(k, x, owner):
    obj = _obj(k, x)
    if not isinstance(obj, ModelObj):
        raise QError(f"{owner}: expecting model as only argument, given "
                     f"{obj.kind if obj is not None else kind(x)}")
    return obj


@API.qfunc("datasize", 1)
def datasize(k, x):
    """Rows of the training data (of the current batch while batching)."""
    return long(_only_model(k, x, "datasize").data.rows())


@API.qfunc("testsize", 1)
def testsize(k, x):
    return long(_only_model(k, x, "testsize").testdata.rows())


@API.qfunc("testbatch", 1)
def testbatch(k, x):
    return _only_model(k, x, "testbatch").batch([], False)


@API.qfunc("testrestore", 1)
def testrestore(k, x):
    return _only_model(k, x, "testrestore").restore([], False)


@API.qfunc("batchinit", 1)
def batchinit(k, x):
    """Restore, shuffle (if set), reset: number of batches (-1 with no data)."""
    return long(_only_model(k, x, "batchinit").batch_init(True))


@API.qfunc("testinit", 1)
def testinit(k, x):
    return long(_only_model(k, x, "testinit").batch_init(False))


@API.qfunc("unshuffle", 1)
def unshuffle(k, x):
    """Restore the training data's original order."""
    obj = _obj(k, x)
    if not isinstance(obj, ModelObj):
        raise QError(f"unshuffle: requires model argument, given "
                     f"{obj.kind if obj is not None else kind(x)}")
    obj.data.unshuffle()
    return IDENTITY


# ---------------------------------------------------------------- run

def _run(k, x, train, owner):
    m, args = _model_and_args(k, x, owner)
    if args:
        if len(args) != 2:
            raise QError(f"{owner}: expecting model, or (model;inputs;targets)")
        _define(k, m, train, args, owner)
    return T.run(k, m) if train else T.testrun(k, m)


@API.qfunc("run", 1)
def run(k, x):
    """`run m`: one training epoch -> metrics (`0.2690201e` for `loss`)."""
    return _run(k, x, True, "run")


@API.qfunc("testrun", 1)
def testrun(k, x):
    """`testrun m`: one test pass -> metrics (`0.1316123 96.16e` for `loss`accuracy)."""
    return _run(k, x, False, "testrun")


# ---------------------------------------------------------------- step by step

@API.qfunc("backward", 1)
def backward(k, x):
    """`backward(m;x;y)` / `backward m` -> loss (`0.6931472e`), gradients accumulate;
    `backward t`, `backward(t;grad)`, `` backward(t;`retain) `` -> null."""
    obj = _obj(k, x)
    args = [] if obj is not None else arglist(x)
    if obj is None and args:
        obj, args = _obj(k, args[0]), args[1:]
    if isinstance(obj, ModelObj):
        return G.model_backward(k, obj, args)
    if obj is None:
        raise QError(G.BACKWARD_USAGE)
    return G.tensor_backward(k, obj, args)


@API.qfunc("backstep", 1)
def backstep(k, x):
    """`backstep m` / `backstep(m;x;y)`: zero grads, forward, loss, backward, clip, step."""
    m, args = _model_and_args(k, x, "backstep")
    return G.backstep(k, m, args)


@API.qfunc("clip", 1)
def clip(k, x):
    """`clip(x;maxnorm[;normtype][;groupflag])` -> previous norm; `clip m` null."""
    return G.clip(k, x)


@API.qfunc("clipv", 1)
def clipv(k, x):
    """`clipv(x;value)` -> 0n."""
    return G.clipv(k, x)
