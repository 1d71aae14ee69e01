"""Catalogue layers (ktorch-api.md 4.3) against torch.nn built directly: same seed gives the
same initial parameters and the same outputs; option parsing and the str labels (4.7)."""
import numpy as np
import pytest
import torch
from torch import nn

from mnistrepl.ktorch.nn import layers, text as strfmt
from mnistrepl.q.errors import QError
from mnistrepl.q.values import Atom, List, Vec, B, F, J, S


def L(n):
    return Atom(-J, np.int64(n))


def Fl(x):
    return Atom(-F, np.float64(x))


def Bo(b):
    return Atom(-B, np.bool_(b))


def Sy(s):
    return Atom(-S, s)


def Ls(*ns):
    return Vec(J, np.array(ns, dtype=np.int64))


def same(kname, pos, named, ref, x):
    """Built with seed 0 equals torch's module built with seed 0 (parameters, output)."""
    torch.manual_seed(0)
    m = layers.build(kname, pos, named)
    torch.manual_seed(0)
    r = ref()
    assert [n for n, _ in m.named_parameters()] == [n for n, _ in r.named_parameters()]
    assert [n for n, _ in m.named_buffers()] == [n for n, _ in r.named_buffers()]
    for a, b in zip(m.state_dict().values(), r.state_dict().values()):
        assert torch.equal(a, b)
    m.eval(), r.eval()
    out, want = m(x), r(x)
    out = out[0] if isinstance(out, tuple) else out
    want = want[0] if isinstance(want, tuple) else want
    assert torch.allclose(out, want)
    return m


CASES = [
    ("linear", [L(4), L(3)], [], lambda: nn.Linear(4, 3), (2, 4),
     "torch::nn::Linear(in_features=4, out_features=3, bias=true)"),
    ("linear", [L(4), L(3), Bo(False)], [], lambda: nn.Linear(4, 3, bias=False), (2, 4),
     "torch::nn::Linear(in_features=4, out_features=3, bias=false)"),
    ("conv2d", [L(1), L(2), L(5)], [], lambda: nn.Conv2d(1, 2, 5), (1, 1, 8, 8),
     "torch::nn::Conv2d(1, 2, kernel_size=[5, 5], stride=[1, 1])"),
    ("conv2d", [L(1), L(2), L(3), L(1), Sy("same")], [],
     lambda: nn.Conv2d(1, 2, 3, 1, padding="same"), (1, 1, 8, 8),
     "torch::nn::Conv2d(1, 2, kernel_size=[3, 3], stride=[1, 1], padding='same')"),
    ("conv2d", [L(1), L(2), L(4), L(2), L(1)], [("bias", Bo(False))],
     lambda: nn.Conv2d(1, 2, 4, 2, 1, bias=False), (1, 1, 8, 8),
     "torch::nn::Conv2d(1, 2, kernel_size=[4, 4], stride=[2, 2], padding=[1, 1], bias=false)"),
    ("conv2d", [L(1), L(2), Ls(3, 2)], [("padmode", Sy("reflect")), ("pad", L(1))],
     lambda: nn.Conv2d(1, 2, (3, 2), padding=1, padding_mode="reflect"), (1, 1, 8, 8),
     "torch::nn::Conv2d(1, 2, kernel_size=[3, 2], stride=[1, 1], padding=[1, 1], "
     "padding_mode=kReflect)"),
    ("conv1d", [L(2), L(3), L(3)], [], lambda: nn.Conv1d(2, 3, 3), (1, 2, 8),
     "torch::nn::Conv1d(2, 3, kernel_size=[3], stride=[1])"),
    ("convtranspose2d", [L(4), L(2), L(4)], [("pad", L(1)), ("bias", Bo(False))],
     lambda: nn.ConvTranspose2d(4, 2, 4, padding=1, bias=False), (1, 4, 3, 3),
     "torch::nn::ConvTranspose2d(4, 2, kernel_size=[4, 4], stride=[1, 1], padding=[1, 1], "
     "bias=false)"),
    ("convtranspose2d", [L(4), L(2), L(3), L(2), L(1), L(1)], [],
     lambda: nn.ConvTranspose2d(4, 2, 3, 2, 1, 1), (1, 4, 3, 3),
     "torch::nn::ConvTranspose2d(4, 2, kernel_size=[3, 3], stride=[2, 2], padding=[1, 1], "
     "output_padding=[1, 1])"),
    ("batchnorm2d", [L(3), Fl(1e-5), Fl(.05)], [],
     lambda: nn.BatchNorm2d(3, 1e-5, .05), (2, 3, 4, 4),
     "torch::nn::BatchNorm2d(3, eps=1e-05, momentum=0.05, affine=true, "
     "track_running_stats=true)"),
    ("batchnorm1d", [L(3)], [], lambda: nn.BatchNorm1d(3), (4, 3),
     "torch::nn::BatchNorm1d(3, eps=1e-05, momentum=0.1, affine=true, "
     "track_running_stats=true)"),
    ("relu", [], [], nn.ReLU, (2, 3), "torch::nn::ReLU()"),
    ("relu", [Bo(True)], [], lambda: nn.ReLU(True), (2, 3), "torch::nn::ReLU(inplace=true)"),
    ("leakyrelu", [Fl(.2)], [], lambda: nn.LeakyReLU(.2), (2, 3),
     "torch::nn::LeakyReLU(negative_slope=0.2)"),
    ("leakyrelu", [Bo(True)], [], lambda: nn.LeakyReLU(inplace=True), (2, 3),
     "torch::nn::LeakyReLU(negative_slope=0.01, inplace=true)"),
    ("tanh", [], [], nn.Tanh, (2, 3), "torch::nn::Tanh()"),
    ("sigmoid", [], [], nn.Sigmoid, (2, 3), "torch::nn::Sigmoid()"),
    ("identity", [], [], nn.Identity, (2, 3), "torch::nn::Identity()"),
    ("drop", [], [], nn.Dropout, (2, 3), "torch::nn::Dropout(p=0.5, inplace=false)"),
    ("drop", [Fl(.2)], [], lambda: nn.Dropout(.2), (2, 3),
     "torch::nn::Dropout(p=0.2, inplace=false)"),
    ("maxpool2d", [L(2)], [], lambda: nn.MaxPool2d(2), (1, 1, 6, 6),
     "torch::nn::MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1)"),
    ("avgpool2d", [L(2)], [], lambda: nn.AvgPool2d(2), (1, 1, 6, 6),
     "torch::nn::AvgPool2d(kernel_size=[2, 2], stride=[2, 2], padding=[0, 0])"),
    ("flatten", [], [], nn.Flatten, (2, 3, 4), "torch::nn::Flatten(start_dim=1, end_dim=-1)"),
    ("flatten", [L(0)], [], lambda: nn.Flatten(0), (2, 3, 4),
     "torch::nn::Flatten(start_dim=0, end_dim=-1)"),
    ("softmax", [L(1)], [], lambda: nn.Softmax(1), (2, 3), "torch::nn::Softmax(dim=1)"),
    ("logsoftmax", [L(1)], [], lambda: nn.LogSoftmax(1), (2, 3),
     "torch::nn::LogSoftmax(dim=1)"),
    ("layernorm", [Ls(3)], [], lambda: nn.LayerNorm([3]), (2, 3),
     "torch::nn::LayerNorm([3], eps=1e-05, elementwise_affine=true)"),
    ("lstm", [L(5), L(4), L(2), Bo(True), Bo(True)], [],
     lambda: nn.LSTM(5, 4, 2, batch_first=True), (3, 6, 5),
     "torch::nn::LSTM(input_size=5, hidden_size=4, num_layers=2, bias=true, "
     "batch_first=true, dropout=0, bidirectional=false)"),
    ("gru", [L(5), L(4)], [], lambda: nn.GRU(5, 4), (6, 3, 5),
     "torch::nn::GRU(input_size=5, hidden_size=4, num_layers=1, bias=true, "
     "batch_first=false, dropout=0, bidirectional=false)"),
    ("rnn", [L(5), L(4)], [], lambda: nn.RNN(5, 4), (6, 3, 5),
     "torch::nn::RNN(input_size=5, hidden_size=4, num_layers=1, bias=true, "
     "batch_first=false, dropout=0, bidirectional=false)"),
]


@pytest.mark.parametrize("kname,pos,named,ref,shape,label", CASES,
                         ids=[c[0] + str(i) for i, c in enumerate(CASES)])
def test_layer_matches_torch(kname, pos, named, ref, shape, label):
    x = torch.randn(*shape)
    m = same(kname, pos, named, ref, x.clone())
    assert m.kname == kname
    assert strfmt.describe(m) == label


def test_embed():
    torch.manual_seed(0)
    m = layers.build("embed", [L(10), L(5)])
    torch.manual_seed(0)
    r = nn.Embedding(10, 5)
    assert torch.equal(m.weight, r.weight)
    assert strfmt.describe(m) == "torch::nn::Embedding(num_embeddings=10, embedding_dim=5)"
    m = layers.build("embed", [L(10), L(5), L(0)])
    assert strfmt.describe(m) == ("torch::nn::Embedding(num_embeddings=10, embedding_dim=5, "
                                  "padding_idx=0)")


def test_custom_layers():
    x, y = torch.randn(2, 3), torch.randn(2, 4)
    cat = layers.build("cat", [L(1)])
    assert torch.equal(cat(x, y), torch.cat((x, y), 1))
    assert strfmt.describe(cat) == "knn::Cat(dim=1)"
    sel = layers.build("select", [L(1), L(-1)])
    assert torch.equal(sel(y), y[:, -1])
    assert strfmt.describe(sel) == "knn::Select(dim=1,ind=-1)"
    r = layers.build("reshape", [Ls(-1, 10, 1, 1)])
    assert r(torch.randn(3, 10)).shape == (3, 10, 1, 1)
    assert strfmt.describe(r) == "knn::Reshape(size=-1 10 1 1)"


def test_lstm_returns_three_and_continues():
    torch.manual_seed(1)
    m = layers.build("lstm", [L(3), L(4)])
    torch.manual_seed(1)
    r = nn.LSTM(3, 4)
    x = torch.randn(5, 2, 3)
    out, h, c = m(x)
    o2, (h2, c2) = r(x)
    assert torch.allclose(out, o2) and torch.allclose(h, h2) and torch.allclose(c, c2)
    out, h, c = m(x, h, c)
    o2, _ = r(x, (h2, c2))
    assert torch.allclose(out, o2)


def test_container_labels():
    for kname, label in (("sequential", "torch::nn::Sequential"), ("seqnest", "knn::SeqNest"),
                         ("seqjoin", "knn::SeqJoin"), ("recur", "knn::Recur")):
        assert strfmt.describe(layers.build(kname)) == label


def test_named_option_forms():
    m = layers.build("convtranspose2d", [L(4), L(2), L(4)],
                     [("pad", L(1)), ("bias", Bo(False))])
    assert m.kopts["pad"] == 1 and m.kopts["bias"] is False and m.bias is None


@pytest.mark.parametrize("kname,pos,named,msg", [
    ("foo", [], [], "unrecognized module type: `foo"),
    ("sigmoid", [L(1)], [], "sigmoid: no arguments expected, 1 given"),
    ("linear", [L(1), L(2), Bo(True), L(4)], [],
     "linear: expecting up to 3 positional args, 4 given"),
    ("linear", [L(1), L(2)], [("nope", L(1))], "linear option: nope not recognized"),
    ("linear", [L(1)], [], "linear: no out given"),
    ("linear", [L(1), Fl(2.5)], [], "linear: out expects a long integer, given double"),
    ("conv2d", [L(1), L(2), L(3), L(1), Sy("odd")], [], None),
])
def test_option_errors(kname, pos, named, msg):
    with pytest.raises(QError) as e:
        layers.build(kname, pos, named)
    if msg:
        assert str(e.value).strip("'") == msg or msg in str(e.value)


def test_embed_from_weights():
    w = List([Vec(F, np.array([1.0, 2.0])), Vec(F, np.array([3.0, 4.0]))])
    m = layers.build("embed", [w, Bo(False)])
    assert m.weight.requires_grad and m.weight.shape == (2, 2)
    assert strfmt.describe(m) == "torch::nn::Embedding(num_embeddings=2, embedding_dim=2)"
