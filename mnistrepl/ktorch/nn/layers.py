"""The module catalogue (ktorch-api.md 4.3): k type -> option Fields and a torch builder.

    m = build("linear", [long(784), long(10)], [])    # torch.nn.Linear(784, 10)
    m.kname, m.kopts                                   # "linear", {"in":784,"out":10,"bias":True}

Every built module carries `kname` (the k type) and `kopts` (its options in ktorch's
order, Python values: sizes as int or tuple, as given). nn/text.py prints from these.
"""

from ..core.lazy import nn, torch
from mnistrepl.q.errors import QError
from mnistrepl.q.values import Atom, List, Vec, S
from . import attention, augment, dropout, knn
from ..core.args import (BOOL, is_bool, FLOAT, LONG, LONGS, SIZE, SYM, Fields, kind, to_long,
                         to_longs, to_size, to_sym)
from ..tensors.convert import to_tensor
from ..core.memory import new_module

PADMODES = ("zeros", "reflect", "replicate", "circular")


def _pad(owner, name, x):
    """conv padding: a size, or `same / `valid."""
    if isinstance(x, Atom) and x.t == -S:
        if x.v not in ("same", "valid"):
            raise QError(f"{owner}: unrecognized padding mode `{x.v}, expecting `same or `valid")
        return x.v
    return to_size(owner, name, x)


def _padmode(owner, name, x):
    v = to_sym(owner, name, x)
    if v not in PADMODES:
        raise QError(f"{owner}: unrecognized padding mode `{v}")
    return v


CONV = (("in", None, LONG), ("out", None, LONG), ("size", None, SIZE), ("stride", 1, SIZE),
        ("pad", 0, _pad), ("dilate", 1, SIZE), ("groups", 1, LONG), ("bias", True, BOOL),
        ("padmode", "zeros", _padmode))
CONVT = (("in", None, LONG), ("out", None, LONG), ("size", None, SIZE), ("stride", 1, SIZE),
         ("pad", 0, SIZE), ("outpad", 0, SIZE), ("groups", 1, LONG), ("bias", True, BOOL),
         ("dilate", 1, SIZE), ("padmode", "zeros", _padmode))
NORM = (("in", None, LONG), ("eps", 1e-05, FLOAT), ("momentum", 0.1, FLOAT),
        ("affine", True, BOOL), ("track", True, BOOL))
RECUR = (("in", None, LONG), ("hidden", None, LONG), ("layers", 1, LONG), ("bias", True, BOOL),
         ("batchfirst", False, BOOL), ("dropout", 0.0, FLOAT), ("bi", False, BOOL))
POOL = (("size", None, SIZE), ("stride", None, SIZE), ("pad", 0, SIZE), ("dilate", 1, SIZE),
        ("ceiling", False, BOOL))
AVGPOOL = (("size", None, SIZE), ("stride", None, SIZE), ("pad", 0, SIZE),
           ("ceiling", False, BOOL), ("countpad", True, BOOL))
DROP = (("p", 0.5, FLOAT), ("inplace", False, BOOL))
EMBED = (("rows", None, LONG), ("cols", None, LONG), ("padindex", None, to_long),
         ("maxnorm", None, FLOAT), ("p", 2.0, FLOAT), ("scale", False, BOOL),
         ("sparse", False, BOOL))


def _conv(name):
    """Builder of torch.nn.<name> (looked up when called: torch loads on first use)."""
    def build(o):
        return getattr(nn, name)(o["in"], o["out"], o["size"], stride=o["stride"], padding=o["pad"],
                   dilation=o["dilate"], groups=o["groups"], bias=o["bias"],
                   padding_mode=o["padmode"])
    return build


def _convt(o):
    return nn.ConvTranspose2d(o["in"], o["out"], o["size"], stride=o["stride"],
                              padding=o["pad"], output_padding=o["outpad"],
                              groups=o["groups"], bias=o["bias"], dilation=o["dilate"],
                              padding_mode=o["padmode"])


def _norm(name):
    return lambda o: getattr(nn, name)(o["in"], eps=o["eps"], momentum=o["momentum"], affine=o["affine"],
                         track_running_stats=o["track"])


# torch builds a recurrent stack layer by layer, beyond Ctrl-C's reach: 256 layers take a
# fraction of a second, 10,000 a minute and a half
MAX_LAYERS = 256


def _layers(kname, o):
    if not 1 <= o["layers"] <= MAX_LAYERS:
        raise QError(f"{kname}: layers expects 1-{MAX_LAYERS}, given {o['layers']}")
    return o["layers"]


def _recur(name):
    return lambda o: getattr(knn, name)(o["in"], o["hidden"], num_layers=_layers(name.lower(), o),
                                        bias=o["bias"], batch_first=o["batchfirst"],
                                        dropout=o["dropout"], bidirectional=o["bi"])


def _maxpool(o):
    return nn.MaxPool2d(o["size"], stride=o["stride"], padding=o["pad"], dilation=o["dilate"],
                        ceil_mode=o["ceiling"])


def _avgpool(o):
    return nn.AvgPool2d(o["size"], stride=o["stride"], padding=o["pad"], ceil_mode=o["ceiling"],
                        count_include_pad=o["countpad"])


def _embed(o):
    return nn.Embedding(o["rows"], o["cols"], padding_idx=o["padindex"], max_norm=o["maxnorm"],
                        norm_type=o["p"], scale_grad_by_freq=o["scale"], sparse=o["sparse"])


def _floats(owner, name, x):
    """zscore's mean/std: numbers as a tuple of floats (one per channel)."""
    if isinstance(x, (Atom, Vec)) and abs(x.t) in (5, 6, 7, 8, 9):
        return tuple(float(v) for v in (x.a if isinstance(x, Vec) else [x.v]))
    raise QError(f"{owner}: {name} expects number(s), given {kind(x)}")


def _pad4(owner, name, x):
    """randomcrop padding: 1, 2 or 4 longs -> (left, right, top, bottom)."""
    p = to_longs(owner, name, x)
    if len(p) not in (1, 2, 4):
        raise QError(f"{owner}: {name} expects 1, 2 or 4 longs, given {len(p)}")
    return p * 4 if len(p) == 1 else (p[1], p[1], p[0], p[0]) if len(p) == 2 else p


def _cropmode(owner, name, x):
    v = to_sym(owner, name, x)
    if v not in ("constant", "reflect", "replicate", "circular"):
        raise QError(f"{owner}: unrecognized padding mode: {v}")
    return v


def _zscore(o):
    """mean and std become float32 tensors (reals: the dtype of the parameters they feed)."""
    def t(v):
        return torch.tensor(v, dtype=torch.float32)
    return augment.Zscore(t(o["mean"]), t(o["std"]), o["inplace"])


def _crop(o):
    size = o["size"] if isinstance(o["size"], tuple) else (o["size"],) * 2
    if len(size) != 2 or min(size) <= 0:
        raise QError(f"randomcrop: size expects 1 or 2 positive longs, given {list(size)}")
    if min(o["pad"]) < 0:
        raise QError(f"randomcrop: pad expects non-negative longs, given {list(o['pad'])}")
    return augment.RandomCrop(size, o["pad"], o["padmode"], o["value"])


def _attention(o):
    d, h = o["dim"], o["heads"]
    if d <= 0 or h <= 0:
        raise QError("selfattention: positive embedding dimension and number of heads required")
    if d % h or h >= d:
        raise QError(f"selfattention: model dimension of {d} not divisible by {h} heads")
    return attention.SelfAttention(d, h, o["dropout"], o["norm"], make)


def _embedpos(o):
    if o["rows"] <= 0 or o["cols"] <= 0:
        raise QError("embedpos: positive number of rows and columns required")
    return attention.EmbedPos(o["rows"], o["cols"])


def _squeeze(o):
    d = o["dim"]
    return knn.Fn(lambda x: x.squeeze() if d is None else x.squeeze(knn.checked_dim("squeeze", x, d)))


def _unsqueeze(o):
    return knn.Fn(lambda x: x.unsqueeze(knn.checked_dim("unsqueeze", x, o["dim"], extra=1)))


def _transpose(o):
    def fn(x):
        return x.transpose(knn.checked_dim("transpose", x, o["dim0"]),
                           knn.checked_dim("transpose", x, o["dim1"]))
    return knn.Fn(fn)


class Layer:
    """One catalogue entry: option fields, which must be given, and the builder."""

    def __init__(self, fields, build, required=()):
        self.fields = Fields(*fields)
        self.build = build
        self.required = required


def _L(fields, build, required=None):
    req = required if required is not None else [f[0] for f in fields if f[1] is None]
    return Layer(fields, build, req)


CATALOGUE = {
    "sequential": _L((), lambda o: knn.Sequential()),
    "seqnest": _L((), lambda o: knn.SeqNest()),
    "seqjoin": _L((), lambda o: knn.SeqJoin()),
    "recur": _L((("detach", True, BOOL),), lambda o: knn.Recur(o["detach"])),
    "seqlist": _L((), lambda o: knn.SeqList()),
    "residual": _L((), lambda o: knn.Residual()),
    "transform": _L((), lambda o: knn.Transform()),
    "zscore": _L((("mean", None, _floats), ("std", None, _floats), ("inplace", False, BOOL)),
                 _zscore),
    "randomcrop": _L((("size", None, SIZE), ("pad", (0, 0, 0, 0), _pad4),
                      ("padmode", "constant", _cropmode), ("value", 0.0, FLOAT)), _crop),
    "selfattention": _L((("dim", None, LONG), ("heads", None, LONG), ("dropout", 0.0, FLOAT),
                         ("norm", False, BOOL)), _attention),
    "embedpos": _L((("rows", None, LONG), ("cols", None, LONG)), _embedpos),
    "droppath": _L((("p", 0.0, FLOAT),), lambda o: attention.DropPath(o["p"])),
    "identity": _L((), lambda o: nn.Identity()),
    "linear": _L((("in", None, LONG), ("out", None, LONG), ("bias", True, BOOL)),
                 lambda o: nn.Linear(o["in"], o["out"], bias=o["bias"])),
    "conv1d": _L(CONV, _conv("Conv1d")),
    "conv2d": _L(CONV, _conv("Conv2d")),
    "convtranspose2d": _L(CONVT, _convt),
    "batchnorm1d": _L(NORM, _norm("BatchNorm1d")),
    "batchnorm2d": _L(NORM, _norm("BatchNorm2d")),
    "layernorm": _L((("shape", None, LONGS), ("eps", 1e-05, FLOAT), ("affine", True, BOOL)),
                    lambda o: nn.LayerNorm(list(o["shape"]), eps=o["eps"],
                                           elementwise_affine=o["affine"])),
    "relu": _L((("inplace", False, BOOL),), lambda o: nn.ReLU(inplace=o["inplace"])),
    "leakyrelu": _L((("slope", 0.01, FLOAT), ("inplace", False, BOOL)),
                    lambda o: nn.LeakyReLU(o["slope"], inplace=o["inplace"])),
    "tanh": _L((), lambda o: nn.Tanh()),
    "sigmoid": _L((), lambda o: nn.Sigmoid()),
    "gelu": _L((), lambda o: nn.GELU()),
    "softmax": _L((("dim", None, LONG),), lambda o: nn.Softmax(o["dim"])),
    "logsoftmax": _L((("dim", None, LONG),), lambda o: nn.LogSoftmax(o["dim"])),
    "drop": _L(DROP, lambda o: dropout.Dropout(o["p"], inplace=o["inplace"])),
    "drop2d": _L(DROP, lambda o: nn.Dropout2d(o["p"], inplace=o["inplace"])),
    "adrop": _L(DROP, lambda o: nn.AlphaDropout(o["p"], inplace=o["inplace"])),
    "maxpool2d": _L(POOL, _maxpool, ["size"]),
    "avgpool2d": _L(AVGPOOL, _avgpool, ["size"]),
    "flatten": _L((("start", 1, LONG), ("end", -1, LONG)),
                  lambda o: nn.Flatten(o["start"], o["end"])),
    "reshape": _L((("size", None, LONGS),), lambda o: knn.Reshape(o["size"])),
    "embed": _L(EMBED, _embed, ["rows", "cols"]),
    "cat": _L((("dim", 0, LONG),), lambda o: knn.Cat(o["dim"])),
    "select": _L((("dim", None, LONG), ("ind", None, LONG)),
                 lambda o: knn.Select(o["dim"], o["ind"])),
    "squeeze": _L((("dim", None, to_long),), _squeeze, []),
    "unsqueeze": _L((("dim", None, LONG),), _unsqueeze),
    "transpose": _L((("dim0", -2, LONG), ("dim1", -1, LONG)), _transpose),
    "mul": _L((), lambda o: knn.Mul()),
    "matmul": _L((), lambda o: knn.Matmul()),
    "lstm": _L(RECUR, _recur("LSTM")),
    "gru": _L(RECUR, _recur("GRU")),
    "rnn": _L(RECUR + (("fn", "tanh", SYM),),
              lambda o: knn.RNN(o["in"], o["hidden"], num_layers=_layers("rnn", o),
                                nonlinearity=o["fn"], bias=o["bias"],
                                batch_first=o["batchfirst"], dropout=o["dropout"],
                                bidirectional=o["bi"])),
}

# example option values for `help` where an option has no default
EXAMPLES = {"in": 784, "out": 10, "size": 3, "hidden": 128, "rows": 10, "cols": 50,
            "dim": 1, "ind": -1, "shape": (10,)}


def names():
    return list(CATALOGUE)


def layer(kname):
    try:
        return CATALOGUE[kname]
    except KeyError:
        raise QError(f"unrecognized module type: `{kname}") from None


def parse(kname, positional, named):
    """The option dict of a k type from positional values and (name, value) pairs."""
    lay = layer(kname)
    if not lay.fields.fields and (positional or named):
        n = len(positional) + len(named)
        raise QError(f"{kname}: no arguments expected, {n} given")
    if kname == "leakyrelu" and len(positional) == 1 and is_bool(positional[0]):
        positional, named = [], [("inplace", positional[0])] + list(named)
    o = lay.fields.parse(kname, positional, named)
    for name in lay.required:
        if o[name] is None:
            raise QError(f"{kname}: no {name} given")
    if "stride" in o and o["stride"] is None:
        o["stride"] = o["size"]
    return o


def build(kname, positional=(), named=()):
    """A new torch module of k type `kname`, with kname/kopts set."""
    if kname == "embed" and positional and isinstance(positional[0], (Vec, List)):
        return _embed_from(positional, named)
    return make(kname, parse(kname, list(positional), list(named)))


def _embed_from(positional, named):
    """(`embed;weights;[freeze]): an embedding from a weight matrix (k array)."""
    w = to_tensor(positional[0])
    if w.dim() != 2 or not w.is_floating_point():
        raise QError("embed: expecting 2-d floating point weights")
    rest = Fields(("freeze", True, BOOL)).parse("embed", positional[1:], named)
    o = layer("embed").fields.defaults()
    o.update(rows=w.size(0), cols=w.size(1))
    m = nn.Embedding.from_pretrained(w, freeze=rest["freeze"])
    m.kname, m.kopts = "embed", o
    return m


def make(kname, opts):
    """Build from an already parsed option dict."""
    m = new_module(lambda: layer(kname).build(opts))
    m.kname, m.kopts = kname, dict(opts)
    return m


def defaults(kname):
    """Option dict with defaults, example values where an option must be given (help)."""
    out = {}
    for name, default, _ in layer(kname).fields.fields:
        out[name] = EXAMPLES.get(name, default) if default is None else default
    return out
