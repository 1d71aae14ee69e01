"""Optimizers (ktorch-api.md 6): `opt` forms, options, definition, lr, step, zerograd,
nograd; one step of each compared with torch.optim on a cloned module."""
import copy

import pytest
import torch

from mnistrepl.ktorch.core.kinds import DictObj, LossObj, ModuleObj, TensorObj, VectorObj


def net(seed=0):
    torch.manual_seed(seed)
    m = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.ReLU(), torch.nn.Linear(3, 2))
    m.kname, m.kopts = "sequential", {}
    m[0].kname = m[2].kname = "linear"
    return m


def set_grads(m, seed):
    g = torch.Generator().manual_seed(seed)
    for p in m.parameters():
        p.grad = torch.randn(p.shape, generator=g)


def opt_obj(q, name="o"):
    return q.k.handles.get(q.eval(name))


STEP_CASES = [
    ("`sgd;q;.05;.9;`nesterov,1b", torch.optim.SGD, dict(lr=.05, momentum=.9, nesterov=True)),
    ("`sgd;q;.04", torch.optim.SGD, dict(lr=.04)),
    ("`sgd;q;.1;.5;.1;.01", torch.optim.SGD, dict(lr=.1, momentum=.5, dampening=.1,
                                                 weight_decay=.01)),
    ("`adam;q;.0002;.5", torch.optim.Adam, dict(lr=.0002, betas=(.5, .999))),
    ("`adam;q;`amsgrad`decay!(1b;.1)", torch.optim.Adam, dict(amsgrad=True, weight_decay=.1)),
    ("`adamw;q;`beta1`beta2`decay!.5 .95 .1", torch.optim.AdamW,
     dict(betas=(.5, .95), weight_decay=.1)),
    ("`adamw;q", torch.optim.AdamW, dict(weight_decay=.01)),
    ("`rmsprop;q;.02;.9;1e-6;.01;.5;1b", torch.optim.RMSprop,
     dict(lr=.02, alpha=.9, eps=1e-6, weight_decay=.01, momentum=.5, centered=True)),
    ("`adagrad;q;.1;.01;.02;.3;1e-9", torch.optim.Adagrad,
     dict(lr=.1, lr_decay=.01, weight_decay=.02, initial_accumulator_value=.3, eps=1e-9)),
]


@pytest.mark.parametrize("src,cls,kw", STEP_CASES)
def test_step_matches_torch(q, src, cls, kw):
    m = net()
    twin = copy.deepcopy(m)
    q.module("q", m)
    q(f"o:opt({src})")
    ref = cls(twin.parameters(), **kw)
    for seed in (1, 2):
        set_grads(m, seed)
        set_grads(twin, seed)
        q("step o")
        ref.step()
    for a, b in zip(m.parameters(), twin.parameters()):
        assert torch.allclose(a, b, atol=1e-7)


def test_lamb_options(q):
    q.module("q", net())
    q("o:opt(`lamb;q;`decay,.1)")
    o = opt_obj(q).opt
    assert o.defaults["weight_decay"] == .1 and o.defaults["globalnorm"] is True
    assert q("first opt[o]`options")[4] == "decay     | 0.1"


def test_lr_and_printed_forms(q):
    q.module("q", net())
    q("o:opt(`sgd;q;.04)")
    assert q.one("lr o") == ",0.04"
    assert q.one("class o") == "`optimizer"
    events = []
    q.k.events.subscribe(lambda kind, d: events.append((kind, d["lr"])))
    assert q.one("lr(o;.01)") == ""
    assert q.one("lr o") == ",0.01"
    assert events == [("lr", [.01])]
    assert q.one("lr(o;1)") == ("'lr: unrecognized arg(s), expecting model/optimizer and "
                                "learning rate(s) as double(s)")
    assert q.one("lr(o;.1 .2)") == "'length error: 2 learning rates given for 1 parameter group"


def test_definition(q):
    q.module("q", net())
    q("o:opt(`sgd;q;.1;.99)")
    d = q("opt o")
    assert d[0] == "optimizer| `sgd"
    assert d[1] == "options  | +`lr`momentum`dampening`decay`nesterov!(,0.1;,0.99;,0f;,0f;,0b)"
    assert q("first opt[o]`options") == ["lr       | 0.1", "momentum | 0.99",
                                         "dampening| 0f", "decay    | 0f", "nesterov | 0b"]
    parms = q("select parmgroup,module,name,size from opt[o]`parms")
    assert parms[2:] == ["0         linear 0.weight 3 4", "0         linear 0.bias   ,3",
                         "0         linear 2.weight 2 3", "0         linear 2.bias   ,2"]
    assert q("opt(o;0b)")[1] == "options  | +`lr`momentum!(,0.1;,0.99)"


def test_no_parameters_and_groups(q):
    q.module("m0", net(0))
    q.module("m1", net(1))
    q("o:opt`sgd")
    assert q.one("count opt[o]`parms") == "0"
    assert q("first opt[o]`options")[0] == "lr       | 0.01"   # the empty group 0
    q("opt(o;0;m0;.01;.9)", "opt(o;1;m1;.001;.99)")
    assert q.one("lr o") == "0.01 0.001"
    assert q("opt[o]`options")[2:] == ["0.01  0.9      0         0     0",
                                       "0.001 0.99     0         0     0"]
    assert q.one("exec parmgroup from opt[o]`parms") == "0 0 0 0 1 1 1 1"
    assert q.one("opt(o;4;();.0001)") == ("'opt: group 4 invalid, cannot be greater than "
                                          "number of groups(2)")
    q("opt(o;();.002;.8)")
    assert q.one("lr o") == "0.002 0.002"
    assert [g["momentum"] for g in opt_obj(q).opt.param_groups] == [.8, .8]
    q("lr(o;.9*lr o)")
    assert q.one("lr o") == "0.0018 0.0018"


def test_consecutive_empty_groups(q):
    q("o:opt(`sgd;();.1)", "opt(o;1;();.01)", "opt(o;2;();.001)")
    assert q.one("lr o") == "0.1 0.01 0.001"
    assert q.one("opt(o;4;();.0001)") == ("'opt: group 4 invalid, cannot be greater than "
                                          "number of groups(3)")


def test_parameter_sources(q):
    m = net()
    q.module("q", m)
    t = torch.ones(3, requires_grad=True)
    v = [torch.ones(2, requires_grad=True), torch.zeros(4, requires_grad=True)]
    d = {"a": torch.ones(1, requires_grad=True), "b": torch.ones(2, requires_grad=True)}
    for name, obj in (("t", TensorObj(t)), ("v", VectorObj(v)), ("d", DictObj(d))):
        q.s.interp.assign_global(name, q.k.new(obj))

    def managed(src):
        q(f"o:opt(`sgd;{src})")
        return [p for g in opt_obj(q).opt.param_groups for p in g["params"]]
    assert managed("q") == list(m.parameters())
    assert managed("t") == [t]
    assert managed("v") == v and managed("(v;1)") == [v[1]] and managed("(v;1 0)") == v[::-1]
    assert managed("d") == [d["a"], d["b"]] and managed("(d;`b)") == [d["b"]]
    assert managed("(q;2)") == list(m[2].parameters())
    assert managed("(q;`2`0)") == list(m[2].parameters()) + list(m[0].parameters())
    assert managed("()") == []
    assert q("select module,name from opt[o]`parms") == ["module name", "-----------"]
    q("o:opt(`sgd;(d;`b`a))")
    assert q("select module,name from opt[o]`parms")[2:] == ["parmdict b",
                                                               "parmdict a"]
    q("o:opt(`sgd;(q;`2))")
    assert q.one("exec name from opt[o]`parms") == "`2.weight`2.bias"
    assert opt_obj(q).module is q.k.handles.get(q.eval("q"))
    assert q.one("opt(`sgd;(q;`zz))") == "'opt: no child module named `zz"


def test_add_to_existing_optimizer(q):
    m = net()
    q.module("q", m)
    q("o:opt(`adamw;())", "opt(o;q)")
    assert opt_obj(q).opt.param_groups[0]["params"] == list(m.parameters())
    assert q.one("opt(o;q)") == "'opt: parameter(s) already managed by the optimizer"


def test_option_errors(q):
    q.module("q", net())
    assert q.one("opt(`foo;q)") == "'unrecognized optimizer: foo"
    assert q.one("opt(`sgd;q;1;2;3;4;5;6)") == "'sgd: expecting up to 5 positional args, 6 given"
    assert q.one("opt(`sgd;q;`foo,1)") == "'sgd option: foo not recognized"
    assert q.one("opt(`adam;q;`amsgrad,1)").startswith("'adam: amsgrad expects a boolean")
    assert q.one("opt(`sgd;q;-1)").startswith("'Invalid learning rate")
    assert q.one("step q").startswith("'step: expecting optimizer or model")


def test_zerograd_nograd(q):
    m = net()
    q.module("q", m)
    t = torch.ones(2, requires_grad=True)
    q.s.interp.assign_global("t", q.k.new(TensorObj(t)))
    q("o:opt(`sgd;q)")
    for target in ("o", "q"):
        set_grads(m, 3)
        q(f"zerograd {target}")
        assert all(p.grad is not None and not p.grad.any() for p in m.parameters())
        q(f"nograd {target}")
        assert all(p.grad is None for p in m.parameters())
    t.grad = torch.ones(2)
    q("zerograd t")
    assert not t.grad.any()
    q("nograd t")
    assert t.grad is None


def test_model_forms(q):
    from mnistrepl.ktorch.core.kinds import OptObj
    from mnistrepl.ktorch.train.model import ModelObj
    m = net()
    mo = ModuleObj(m)
    q.module("q", m)
    q("o:opt(`sgd;q;.04)")
    o = opt_obj(q)
    lo = LossObj(torch.nn.MSELoss())
    q.s.interp.assign_global("m", q.k.new(ModelObj(mo, lo, o)))
    assert q.one("lr m") == ",0.04"
    q("lr(m;.5)")
    assert q.one("lr o") == ",0.5"
    q("p:opt m")
    assert opt_obj(q, "p") is o
    twin = copy.deepcopy(m)
    set_grads(m, 5)
    set_grads(twin, 5)
    q("step m")
    torch.optim.SGD(twin.parameters(), lr=.5).step()
    assert all(torch.equal(a, b) for a, b in zip(m.parameters(), twin.parameters()))
    q("nograd m")
    assert all(p.grad is None for p in m.parameters())
    q("o2:opt(`adam;m)")
    assert [p for p in opt_obj(q, "o2").opt.param_groups[0]["params"]] == list(m.parameters())
    assert isinstance(o, OptObj)
