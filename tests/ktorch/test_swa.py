"""Weight averaging: copyparms, avgparms, batchnorm (ktorch-api.md 8)."""

import pytest
import torch

from kt_session import tiny
from mnistrepl.ktorch.core.kinds import OptObj


def holder(q, name):
    return q.k.handles.get(q.eval(name)).ts


def test_copyparms_snapshot(q):
    net = tiny()
    q.module("m", net)
    q("c:copyparms m")
    d = holder(q, "c")
    assert list(d) == [n for n, _ in net.named_parameters()]
    for n, p in net.named_parameters():
        assert torch.equal(d[n], p) and d[n].data_ptr() != p.data_ptr()
        assert not d[n].requires_grad
    assert q.one("class c") == "`dictionary"


def test_swa_flow_against_numpy(q):
    """The spec's "typical use": snapshot, fold in later weights, write back the mean."""
    net = tiny(1)
    q.module("m", net)
    q("a:dict()", "use[a]copyparms m")
    snaps = [{n: p.detach().numpy().copy() for n, p in net.named_parameters()}]
    for i, want in ((1, "2"), (2, "3"), (3, "4")):
        with torch.no_grad():
            for p in net.parameters():
                p.add_(torch.randn_like(p) * i)
        snaps.append({n: p.detach().numpy().copy() for n, p in net.named_parameters()})
        assert q.one("avgparms(m;a)") == want
    d = holder(q, "a")
    assert d[".n"].dtype == torch.float64 and d[".n"].dim() == 0 and d[".n"].item() == 4
    for n, _ in net.named_parameters():
        mean = sum(s[n] for s in snaps) / len(snaps)
        assert torch.allclose(d[n], torch.from_numpy(mean), atol=1e-6)
    out = q("copyparms(m;a)")
    assert out == ["0.weight| 1", "0.bias  | 1", "1.weight| 1", "1.bias  | 1",
                   "2.weight| 1", "2.bias  | 1"]
    assert q.one("all copyparms(m;a)") == "1b"
    for n, p in net.named_parameters():
        assert torch.allclose(p, d[n]) and p.requires_grad


def test_copyparms_missing_and_broadcast(q):
    net = torch.nn.Linear(2, 2)
    q.module("m", net)
    q("d:dict `weight`extra!(0e;1 2e)")
    assert q("copyparms(m;d)") == ["weight| 1", "bias  | 0"]
    assert net.weight.abs().sum() == 0
    q("e:dict enlist[`weight]!enlist 1 2 3e")
    assert q.one("copyparms(m;e)").startswith("'copyparms:")


def test_avgparms_errors(q):
    q.module("m", torch.nn.Linear(2, 2))
    q("d:dict enlist[`weight]!enlist 2 2#0e")
    assert q.one("avgparms(m;d)") == \
        "'avgparms: parameter bias not found, unable to compute average"
    assert q.one("avgparms m") == ("'avgparms: expects 2 args, model/module/optimizer & "
                                   "dictionary of parameters w'averaged weights")
    assert q.one("avgparms(m;d;1)").startswith("'avgparms: expects 2 args")


def test_optimizer_as_source(q):
    net = torch.nn.Linear(2, 2)
    mp = q.module("m", net)
    opt = OptObj(torch.optim.SGD(net.parameters(), lr=.1), "sgd", {}, q.k.handles.get(mp))
    q.s.interp.assign_global("o", q.k.new(opt))
    q("c:copyparms o")
    assert list(holder(q, "c")) == ["weight", "bias"]
    assert q.one("avgparms(o;c)") == "2"


def test_batchnorm_module_reset_and_restore(q):
    net = tiny()
    q.module("m", net)
    bn = net[1]
    net(torch.randn(8, 4))
    assert bn.num_batches_tracked == 1
    assert q("mo:batchnorm m") == []
    mo = q.eval("mo")
    assert list(mo.k.a) == ["1"] and float(mo.v.a[0]) == pytest.approx(0.1)
    assert bn.momentum is None and bn.num_batches_tracked == 0
    assert bn.running_mean.abs().sum() == 0
    x = torch.randn(16, 4)
    net(x)
    want = net[0](x).detach()
    assert torch.allclose(bn.running_mean, want.mean(0), atol=1e-6)
    q("batchnorm(m;mo)")
    assert bn.momentum == pytest.approx(0.1)


def test_batchnorm_model_recomputes(q):
    from mnistrepl.ktorch.core.kinds import LossObj, ModuleObj
    net = tiny()
    loss = torch.nn.CrossEntropyLoss()
    loss.kname, loss.kopts = "ce", {}
    opt = torch.optim.SGD(net.parameters(), lr=.1)
    k = q.k
    for name, obj in (("q", ModuleObj(net)), ("l", LossObj(loss)),
                      ("o", OptObj(opt, "sgd", {}, None))):
        q.s.interp.assign_global(name, k.new(obj))
    q("m:model(q;l;o)", "train(m;`batchsize;5)")
    x = torch.randn(20, 4)
    from mnistrepl.ktorch.tensors.convert import to_q
    q.s.interp.assign_global("x", to_q(x))
    q.s.interp.assign_global("y", to_q(torch.randint(0, 2, (20,))))
    q("train(m;x;y)")
    out = q("batchnorm m")
    assert out == ["1| 0.1"]
    bn = net[1]
    assert bn.momentum == pytest.approx(0.1) and bn.num_batches_tracked == 4
    h = net[0](x).detach()
    assert torch.allclose(bn.running_mean, h.mean(0), atol=1e-5)
