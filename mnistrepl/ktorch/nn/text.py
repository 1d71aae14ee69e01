"""`str p` (ktorch-api.md 4.7): libtorch's pretty-print text of a module, loss or model
(a tensor's text form is tensors/text.py).

    describe(module) -> "torch::nn::Sequential(\\n  (0): torch::nn::Linear(...)\\n)"

A module prints as its label; a module with children adds `(`, one line per child
`<indent>(<name>): <child>` and `<indent>)`. Labels come from `kname`/`kopts`.
"""

from ..core.lazy import nn
from mnistrepl.q.errors import QError
from mnistrepl.q.values import string
from ..core.api import API
from ..core.kinds import TensorObj
from ..tensors.tensor_options import need
from ..tensors.text import tensor_text
from .losses import describe as describe_loss


def num(x):
    """C++ stream form of a number: 1e-05, 0.1, 0.2, 0, 2."""
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, int):
        return str(x)
    return "%g" % x


def flag(b):
    return "true" if b else "false"


def arr(x, n=2):
    """An expanding array: [5, 5]."""
    vals = list(x) if isinstance(x, (tuple, list)) else [x] * n
    return "[" + ", ".join(str(v) for v in vals) + "]"


def plain(x):
    """A size as given: 2 or [2, 2] (the seed's MaxPool2d form)."""
    return arr(x) if isinstance(x, (tuple, list)) else str(x)


def _is(x, default):
    """Is a size option at its default (1 == [1, 1])?"""
    vals = list(x) if isinstance(x, (tuple, list)) else [x]
    return all(v == default for v in vals)


def _conv(name, dims):
    def label(o):
        s = (f"torch::nn::{name}({o['in']}, {o['out']}, kernel_size={arr(o['size'], dims)}, "
             f"stride={arr(o['stride'], dims)}")
        pad = o["pad"]
        if isinstance(pad, str):
            s += f", padding='{pad}'"
        elif not _is(pad, 0):
            s += f", padding={arr(pad, dims)}"
        if not _is(o["dilate"], 1):
            s += f", dilation={arr(o['dilate'], dims)}"
        if "outpad" in o and not _is(o["outpad"], 0):
            s += f", output_padding={arr(o['outpad'], dims)}"
        if o["groups"] != 1:
            s += f", groups={o['groups']}"
        if not o["bias"]:
            s += ", bias=false"
        if o["padmode"] != "zeros":
            s += ", padding_mode=k" + o["padmode"].capitalize()
        return s + ")"
    return label


def _norm(name):
    return lambda o: (f"torch::nn::{name}({o['in']}, eps={num(o['eps'])}, "
                      f"momentum={num(o['momentum'])}, affine={flag(o['affine'])}, "
                      f"track_running_stats={flag(o['track'])})")


def _recur(name):
    return lambda o: (f"torch::nn::{name}(input_size={o['in']}, hidden_size={o['hidden']}, "
                      f"num_layers={o['layers']}, bias={flag(o['bias'])}, "
                      f"batch_first={flag(o['batchfirst'])}, dropout={num(o['dropout'])}, "
                      f"bidirectional={flag(o['bi'])})")


def _inplace(name):
    return lambda o: f"torch::nn::{name}(" + ("inplace=true" if o["inplace"] else "") + ")"


def _leaky(o):
    s = f"torch::nn::LeakyReLU(negative_slope={num(o['slope'])}"
    return s + (", inplace=true)" if o["inplace"] else ")")


def _drop(name):
    return lambda o: f"torch::nn::{name}(p={num(o['p'])}, inplace={flag(o['inplace'])})"


def _maxpool(o):
    s = (f"torch::nn::MaxPool2d(kernel_size={plain(o['size'])}, stride={plain(o['stride'])}, "
         f"padding={plain(o['pad'])}, dilation={plain(o['dilate'])}")
    return s + (", ceil_mode=true)" if o["ceiling"] else ")")


def _avgpool(o):
    s = (f"torch::nn::AvgPool2d(kernel_size={arr(o['size'])}, stride={arr(o['stride'])}, "
         f"padding={arr(o['pad'])}")
    if o["ceiling"]:
        s += ", ceil_mode=true"
    if not o["countpad"]:
        s += ", count_include_pad=false"
    return s + ")"


def _embed(o):
    s = f"torch::nn::Embedding(num_embeddings={o['rows']}, embedding_dim={o['cols']}"
    if o["padindex"] is not None:
        s += f", padding_idx={o['padindex']}"
    if o["maxnorm"] is not None:
        s += f", max_norm={num(o['maxnorm'])}"
    if o["p"] != 2.0:
        s += f", norm_type={num(o['p'])}"
    if o["scale"]:
        s += ", scale_grad_by_freq=true"
    if o["sparse"]:
        s += ", sparse=true"
    return s + ")"


def _layernorm(o):
    return (f"torch::nn::LayerNorm({arr(o['shape'])}, eps={num(o['eps'])}, "
            f"elementwise_affine={flag(o['affine'])})")


def _vals(v):
    """A short tensor print as ktorch's zscore label: 0.131 or [0.485, 0.456, 0.406]."""
    v = ["%.3g" % x for x in v]
    return v[0] if len(v) == 1 else "[" + ", ".join(v) + "]"


def _crop(o):
    size = o["size"] if isinstance(o["size"], tuple) else (o["size"],) * 2
    s = f"knn::RandomCrop(size={arr(size)}"
    return s + (f", pad={arr(o['pad'], 4)})" if any(o["pad"]) else ")")


def _opt_dim(name):
    return lambda o: f"knn::{name}(" + ("" if o["dim"] is None else f"dim={o['dim']}") + ")"


LABELS = {
    "sequential": lambda o: "torch::nn::Sequential",
    "seqnest": lambda o: "knn::SeqNest",
    "seqjoin": lambda o: "knn::SeqJoin",
    "recur": lambda o: "knn::Recur",
    "seqlist": lambda o: "knn::SeqList",
    "residual": lambda o: "knn::Residual",
    "transform": lambda o: "knn::Transform",
    "zscore": lambda o: (f"knn::Zscore(mean={_vals(o['mean'])}, stddev={_vals(o['std'])}, "
                         f"inplace={flag(o['inplace'])})"),
    "randomcrop": _crop,
    "selfattention": lambda o: (f"knn::SelfAttention(dim={o['dim']}, heads={o['heads']}, "
                                f"dropout={num(o['dropout'])}, norm={flag(o['norm'])})"),
    "embedpos": lambda o: f"knn::EmbedPosition(rows={o['rows']}, cols={o['cols']})",
    "droppath": lambda o: f"knn::DropPath(p={num(o['p'])})",
    "identity": lambda o: "torch::nn::Identity()",
    "linear": lambda o: (f"torch::nn::Linear(in_features={o['in']}, out_features={o['out']}, "
                         f"bias={flag(o['bias'])})"),
    "conv1d": _conv("Conv1d", 1),
    "conv2d": _conv("Conv2d", 2),
    "convtranspose2d": _conv("ConvTranspose2d", 2),
    "batchnorm1d": _norm("BatchNorm1d"),
    "batchnorm2d": _norm("BatchNorm2d"),
    "layernorm": _layernorm,
    "relu": _inplace("ReLU"),
    "leakyrelu": _leaky,
    "tanh": lambda o: "torch::nn::Tanh()",
    "sigmoid": lambda o: "torch::nn::Sigmoid()",
    "gelu": lambda o: "torch::nn::GELU()",
    "softmax": lambda o: f"torch::nn::Softmax(dim={o['dim']})",
    "logsoftmax": lambda o: f"torch::nn::LogSoftmax(dim={o['dim']})",
    "drop": _drop("Dropout"),
    "drop2d": _drop("Dropout2d"),
    "adrop": _drop("AlphaDropout"),
    "maxpool2d": _maxpool,
    "avgpool2d": _avgpool,
    "flatten": lambda o: f"torch::nn::Flatten(start_dim={o['start']}, end_dim={o['end']})",
    "reshape": lambda o: "knn::Reshape(size=" + " ".join(str(v) for v in o["size"]) + ")",
    "embed": _embed,
    "cat": lambda o: f"knn::Cat(dim={o['dim']})",
    "select": lambda o: f"knn::Select(dim={o['dim']},ind={o['ind']})",
    "squeeze": _opt_dim("Squeeze"),
    "unsqueeze": lambda o: f"knn::Unsqueeze(dim={o['dim']})",
    "transpose": lambda o: f"knn::Transpose(dim0={o['dim0']}, dim1={o['dim1']})",
    "mul": lambda o: "knn::Mul()",
    "matmul": lambda o: "knn::Matmul()",
    "lstm": _recur("LSTM"),
    "gru": _recur("GRU"),
    "rnn": _recur("RNN"),
}


def label(m):
    """The one-line label of a module (without its children)."""
    kname = getattr(m, "kname", None)
    fn = LABELS.get(kname)
    if fn is None:          # a module not built by the api: torch's own name
        return "torch::nn::" + type(m).__name__
    return fn(getattr(m, "kopts", {}))


def lines(m, indent=""):
    """Text lines of a module and its children (the first line has no indent)."""
    children = list(m.named_children()) if _shows_children(m) else []
    if not children:
        return [label(m)]
    out = [label(m) + "("]
    inner = indent + "  "
    for name, c in children:
        sub = lines(c, inner)
        out.append(f"{inner}({name}): {sub[0]}")
        out.extend(sub[1:])
    out.append(indent + ")")
    return out


def _shows_children(m):
    """Leaf layers built from torch classes (lstm, ...) have no api children."""
    return getattr(m, "kname", None) in CONTAINERS \
        or (getattr(m, "kname", None) is None and isinstance(m, nn.Module))


CONTAINERS = ("sequential", "seqnest", "seqjoin", "recur", "seqlist", "residual", "transform")


def describe(m):
    """`str q`: the whole module as one string, lines joined by newlines."""
    return "\n".join(lines(m))


@API.qfunc("str", 1)
def str_(k, x):
    """str p -> string of a tensor (libtorch-like print), module, loss or model."""
    obj = need(k, "str", x)
    if isinstance(obj, TensorObj):
        return string(tensor_text(obj.view))
    if obj.kind == "model":
        obj = obj.module
    if obj.kind == "module":
        return string(describe(obj.module))
    if obj.kind == "loss":
        return string(describe_loss(obj))
    raise QError(f"str: not implemented for {obj.kind}")
