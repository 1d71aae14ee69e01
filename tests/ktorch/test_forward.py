"""forward / nforward / eforward / evaluate (ktorch-api.md 4.4, 4.5): container routing,
modes and flags, outputs against torch run directly."""
import torch

from mnistrepl.ktorch.nn import layers
from mnistrepl.ktorch.core.kinds import ModuleObj, TensorObj

RECUR = ["q:module`recur", "module(q; 1; (`lstm; `lstm; 28; 16; 2; 1b; 1b))",
         "module(q; 1; `sequential);", "module(q; 2; (`select; `last; 1; -1))",
         "module(q; 2; (`linear; `decode; 16; 10))"]


def mod(q, name):
    return q.k.get(q.eval(name)).module


def tensor(q, name):
    obj = q.k.get(q.eval(name))
    return obj.t if hasattr(obj, "t") else obj.ts


def test_recur_seed_flow(q):
    q(*RECUR, "x:tensor(`randn;6 28 28)", "y:forward(q;`lstm;x)")
    assert q("size y") == ["6 28 16", "2 6  16", "2 6  16"]
    q("z:forward(q;`out;(y;0))")
    assert q.one("size z") == "6 10"
    q("vector(y; 0; tensor(`randn;6 28 28))", "use[y]forward(q;`lstm;y)")
    assert q.one("count size y") == "3"
    q("r:forward(q;x)")
    assert q.one("class r") == "`vector"
    m, x = mod(q, "q"), tensor(q, "x")
    want, h = m.lstm(x)[0], m.lstm(x)[1]
    got = tensor(q, "r")
    assert torch.allclose(got[0], m.out(want))
    assert torch.allclose(got[1], h) and not got[1].requires_grad


def test_recur_with_state_and_input_seq(q):
    q("r:module`recur", "module(r;1;`sequential)", "module(r;2;(`linear;3;4))",
      "module(r;1;(`gru;4;5))")
    assert q.one("childnames r") == "`in`gru"
    m = mod(q, "r")
    x, h = torch.randn(7, 2, 3), torch.randn(1, 2, 5)
    q.s.interp.assign_global("x", q.k.new(TensorObj(x)))
    q.s.interp.assign_global("h", q.k.new(TensorObj(h)))
    q("v:forward(r;x;h)")
    out = tensor(q, "v")
    y, h2 = torch.nn.GRU.forward(m.gru, m._modules["in"](x), h)
    assert torch.allclose(out[0], y) and torch.allclose(out[1], h2)


def test_sequential_routes_all_inputs_to_first(q):
    q("j:module((0;`sequential);(1;(`cat;1));(1;`relu))")
    q("a:tensor(`randn;2 3)", "b:tensor(`randn;2 4)", "c:forward(j;a;b)")
    assert q.one("size c") == "2 7"
    want = torch.relu(torch.cat((tensor(q, "a"), tensor(q, "b")), 1))
    assert torch.equal(tensor(q, "c"), want)
    q("v:vector(tensor(`randn;2 3);tensor(`randn;2 4))", "d:forward(j;v)")
    assert q.one("size d") == "2 7"
    assert q.one("size forward(j;(v;0 1))") == "2 7"


def test_seqjoin_routing(q):
    q("g:module((0;`sequential);(1;`seqjoin);(2;`sequential);(2;`sequential);"
      "(3;(`embed;10;4));(3;(`reshape;-1 4 1 1));(2;(`cat;1)))")
    q("z:tensor(`randn;5 6 1 1)", "y:tensor 0 1 2 3 4", "x:forward(g;z;y)")
    assert q.one("size x") == "5 10 1 1"
    assert q.one("size forward(g;(z;y))") == "5 10 1 1"
    m = mod(q, "g")
    z, y = tensor(q, "z"), tensor(q, "y")
    want = torch.cat((z, m[0].qy[0](y).reshape(-1, 4, 1, 1)), 1)
    assert torch.allclose(tensor(q, "x"), want)
    q("s:module((0;`seqjoin);(1;`sequential);(1;`sequential);(2;`relu);(1;(`cat;0)))")
    q("a:tensor(`randn;2 3)", "b:forward(s;a)")
    assert q.one("size b") == "4 3"


def test_modes_and_flags(q):
    q("q:module seq(`sequential;(`linear;4;4);(`drop;.5))", "x:tensor(`randn;3 4)")
    q("training(q;0b)")
    q("a:forward(q;x)")
    assert tensor(q, "a").requires_grad
    assert q.one("training q") == "0b"
    q("training(q;1b)")
    q("b:eforward(q;x)", "c:eforward(q;x)")
    assert not tensor(q, "b").requires_grad
    assert torch.equal(tensor(q, "b"), tensor(q, "c"))
    assert q.one("training q") == "1b"
    assert mod(q, "q")[1].training
    q("n:nforward(q;x)")
    assert not tensor(q, "n").requires_grad
    m = mod(q, "q")
    m.eval()
    with torch.no_grad():
        want = m(tensor(q, "x"))
    m.train()
    e = q.eval("evaluate(q;x)")
    assert torch.allclose(torch.tensor([list(r.a) for r in e.items]), want)


def test_evaluate_k_array_and_child_path(q):
    q("q:module seq(`sequential;(`linear;2;3);`relu)")
    assert q.one("count evaluate(q;(1 2e;3 4e))") == "2"
    assert q.one("count first evaluate(q;`0;(1 2e;3 4e))") == "3"
    q("r:module`recur", "module(r;1;(`lstm;2;3))", "module(r;1;`sequential)",
      "module(r;2;(`linear;`decode;3;1))")
    assert q.one("size forward(r;`out.decode;tensor(`randn;4 3))") == "4 1"
    assert q.one("count evaluate(r;tensor(`randn;5 2 2))") == "3"


def test_errors_leave_module_usable(q):
    q("q:module enlist(`linear;4;2)")
    assert q.one("forward(q;tensor(`randn;2 3))").startswith("'forward: mat1 and mat2")
    assert q.one("size forward(q;tensor(`randn;2 4))") == "2 2"
    assert q.one("forward(q;`nope;tensor(`randn;2 4))") == "'forward: no child module named `nope"
    assert q.one("evaluate(q;1 2 3 4f)").startswith("'evaluate:")   # double vs float params
    q("e:module`sequential")
    assert q.one("forward(e;tensor(`randn;2 4))") == \
        "'forward: Cannot call forward() on an empty Sequential"


def test_module_of_model_shares(q):
    import model_helpers as H
    net = layers.build("linear", [H.lng(4), H.lng(3)])
    q.s.interp.assign_global("m", H.new_model(q.k, net)[0])
    q("p:module m")
    assert q.one("class p") == "`module"
    assert mod(q, "p") is net
    q("x:tensor(`randn;5 4)")
    assert q.one("size forward(m;x)") == "5 3"
    assert q.one("forward m").startswith("'linear: forward(tensor) not implemented")


def test_module_of_optimizer(q):
    import model_helpers as H
    from mnistrepl.ktorch.core.kinds import OptObj
    net = layers.build("linear", [H.lng(2), H.lng(2)])
    mo = ModuleObj(net)
    opt = torch.optim.SGD(net.parameters(), lr=.1)
    q.s.interp.assign_global("o", q.k.new(OptObj(opt, "sgd", {"lr": .1}, mo)))
    q("p:module o")
    assert mod(q, "p") is net
    assert q("parmtypes o") == ["weight| linear", "bias  | linear"]
    assert q.one("objtype o") == "`sgd"
