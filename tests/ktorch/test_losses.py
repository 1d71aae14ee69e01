"""Loss functions (ktorch-api.md 5): `loss` forms and the functional forms, checked
against torch.nn.functional with the same options."""
import pytest
import torch
import torch.nn.functional as F

from mnistrepl.ktorch.nn import losses as L
from mnistrepl.ktorch.core.kinds import LossObj, TensorObj


def bind(q, name, obj):
    q.s.interp.assign_global(name, q.k.new(obj))


def tensor_of(q, expr):
    return q.k.handles.get(q.eval(expr)).t


def setup_ce(q, seed=0):
    torch.manual_seed(seed)
    x, y = torch.randn(6, 4, requires_grad=True), torch.tensor([0, 1, 2, 3, 1, 0])
    bind(q, "x", TensorObj(x))
    bind(q, "y", TensorObj(y))
    return x, y


CE_CASES = [
    ("loss`ce", {}),
    ("loss(`ce;`smoothing,.01)", dict(label_smoothing=0.01)),
    ("loss(`ce;`sum)", dict(reduction="sum")),
    ("loss(`ce;(`smoothing;.1;`reduce;`none))", dict(label_smoothing=0.1, reduction="none")),
    ("loss(`ce;();1;.2;`mean)", dict(ignore_index=1, label_smoothing=0.2)),
    ("loss(`ce;.25 .25 .12 .38;`reduce`sum)", dict(weight=torch.tensor([.25, .25, .12, .38]),
                                                  reduction="sum")),
]


@pytest.mark.parametrize("src,kw", CE_CASES)
def test_ce_module_matches_functional(q, src, kw):
    x, y = setup_ce(q)
    q(f"l:{src}", "r:loss(l;x;y)")
    got = tensor_of(q, "r")
    assert torch.allclose(got, F.cross_entropy(x, y, **kw), atol=1e-6)


@pytest.mark.parametrize("opts,fn,kw", [
    ("`mse", F.mse_loss, {}), ("`l1", F.l1_loss, {}), ("`smoothl1", F.smooth_l1_loss, {}),
    ("`huber", F.huber_loss, {}), ("`mse;`sum", F.mse_loss, {"reduction": "sum"}),
    ("`l1;`none", F.l1_loss, {"reduction": "none"}),
    ("`smoothl1;`beta,.5", F.smooth_l1_loss, {"beta": .5}),
    ("`huber;2;`sum", F.huber_loss, {"delta": 2.0, "reduction": "sum"}),
    ("`huber;`reduce`delta!(`none;.5)", F.huber_loss, {"delta": .5, "reduction": "none"}),
])
def test_regression_losses(q, opts, fn, kw):
    torch.manual_seed(1)
    x, y = torch.randn(5, 3), torch.randn(5, 3) * 2
    bind(q, "x", TensorObj(x))
    bind(q, "y", TensorObj(y))
    q(f"l:loss({opts})", "r:loss(l;x;y)")
    assert torch.allclose(tensor_of(q, "r"), fn(x, y, **kw), atol=1e-6)


def test_bce_with_batch_weights(q):
    torch.manual_seed(2)
    x, y, w = torch.rand(7), (torch.rand(7) > .5).float(), torch.rand(7)
    for n, t in zip("xyw", (x, y, w)):
        bind(q, n, TensorObj(t))
    q("l:loss(`bce;`none)", "r:loss(l;x;y)", "s:loss(l;x;y;w)", "f:bce(x;y;w;`sum)")
    assert torch.allclose(tensor_of(q, "r"), F.binary_cross_entropy(x, y, reduction="none"))
    assert torch.allclose(tensor_of(q, "s"), F.binary_cross_entropy(x, y, weight=w, reduction="none"))
    assert torch.allclose(tensor_of(q, "f"), F.binary_cross_entropy(x, y, weight=w, reduction="sum"))


def test_bcelogits_class_and_batch_weights(q):
    x, y = torch.full((3, 5), 1.5), torch.ones(3, 5)
    cw, bw = torch.tensor([1, .1, 1.5, 2, .25]), torch.rand(3, 5)
    for n, t in zip("xyw", (x, y, bw)):
        bind(q, n, TensorObj(t))
    q("l:loss(`bcelogits;1 .1 1.5 2 .25;`none)", "r:loss(l;x;y)", "s:loss(l;x;y;w)")
    want = F.binary_cross_entropy_with_logits(x, y, weight=cw, reduction="none")
    assert torch.allclose(tensor_of(q, "r"), want)
    assert torch.allclose(tensor_of(q, "s"), want * bw, atol=1e-6)


def test_nll_and_kl(q):
    torch.manual_seed(3)
    x = torch.randn(4, 3).log_softmax(1)
    y = torch.tensor([0, 2, 1, 2])
    p = torch.randn(4, 3).softmax(1)
    for n, t in zip("xyp", (x, y, p)):
        bind(q, n, TensorObj(t))
    q("a:nll(x;y)", "b:nll(x;y;`sum)", "c:kl(x;p;`batchmean)", "d:kl(x;p;`sum)")
    assert torch.allclose(tensor_of(q, "a"), F.nll_loss(x, y))
    assert torch.allclose(tensor_of(q, "b"), F.nll_loss(x, y, reduction="sum"))
    assert torch.allclose(tensor_of(q, "c"), F.kl_div(x, p, reduction="batchmean"))
    assert torch.allclose(tensor_of(q, "d"), F.kl_div(x, p, reduction="sum"))


def test_functional_k_values(q):
    assert q.one("mse(1 3 6 9.0;1 2 4 8.0)") == "1.5"
    assert q.one("mse(1 3 6 9.0;1 2 4 8.0;`none)") == "0 1 4 1f"
    assert q.one("l1(1 3 6 9e;1 2 4 8e;`sum)") == "4e"
    assert q.one("bce(0.1 .9 .5e;0 1 1e;1 1.1 .5;`none)") == "0.1053605 0.1158966 0.3465736e"
    x = torch.tensor([[1., 2., 3.], [3., 2., 1.]])
    want = F.cross_entropy(x, torch.tensor([0, 1])).item()
    assert abs(float(q.eval("ce((1 2 3e;3 2 1e);0 1)").v) - want) < 1e-6


def test_functional_pointer_result(q):
    q("x:tensor .5 2 5e", "y:tensor 1 2 3e")
    assert q.one("class z:mse(x;y)") == "`tensor"
    assert q.one("tensor z") == "1.416667e"
    assert q.one("tensor mse(x;1 2 3e;`none)") == "0.25 0 4e"


def test_definition_and_options(q):
    q("l:loss(`ce;`smoothing,.01)")
    assert q("loss l") == ["module | `ce",
                           "options| `weight`ignore`smoothing`reduce!(::;-100;0.01;`mean)"]
    assert q("loss(l;0b)")[1] == "options| (,`smoothing)!,0.01"
    assert q("loss loss(`mse;`sum)")[1] == "options| (,`reduce)!,`sum"
    assert q("options`ce") == ["weight   | ::", "ignore   | -100", "smoothing| 0f",
                               "reduce   | `mean"]
    assert q.one("class l") == "`loss"
    assert q.one("str l") == '"torch::nn::CrossEntropyLoss()"'


def test_alloptions_setting(q):
    q("l:loss`mse")
    q.k.settings["alloptions"] = False
    assert q("loss l")[1].startswith("options| ")
    assert "reduce" not in q("loss l")[1]


def test_loss_module_attributes(q):
    q("l:loss(`ce;();-100;.1;`none)")
    m = q.k.handles.get(q.eval("l")).module
    assert isinstance(m, torch.nn.CrossEntropyLoss)
    assert m.kname == "ce" and m.kopts == {"weight": None, "ignore": -100, "smoothing": .1,
                                          "reduce": "none"}
    assert m.label_smoothing == .1 and m.reduction == "none"


def test_errors(q):
    assert q.one("loss`foo") == "'unrecognized loss: foo"
    assert q.one("loss(`ce;1;2;3;4;5)") == "'ce: expecting up to 4 positional args, 5 given"
    assert q.one("loss(`ce;`foo,1)") == "'ce option: foo not recognized"
    assert q.one("loss(`mse;`avg)").startswith("'mse: unrecognized reduction")
    assert q.one("mse(1 2 3e)").startswith("'mse: expecting")
    q("l:loss`mse")
    assert q.one("loss(l;1 2e;1 2e;1 2e)").startswith("'mse: expecting 2 tensors")


def test_model_loss(q):
    from mnistrepl.ktorch.core.kinds import ModuleObj, OptObj
    from mnistrepl.ktorch.train.model import ModelObj
    lo = LossObj(L.build("mse", L.parse_options("mse", [])))
    net = torch.nn.Linear(2, 1)
    m = ModelObj(ModuleObj(net), lo, OptObj(torch.optim.SGD(net.parameters(), .1), "sgd", {}))
    bind(q, "m", m)
    q("l:loss m", "r:loss(m;1 2 3e;1 1 1e)")
    assert q.k.handles.get(q.eval("l")) is lo
    assert abs(tensor_of(q, "r").item() - 5 / 3) < 1e-6


def test_loss_defaults_function():
    d = L.loss_defaults("mse")
    assert list(d.k.a) == ["reduce"]
    with pytest.raises(Exception):
        L.loss_defaults("nosuch")
