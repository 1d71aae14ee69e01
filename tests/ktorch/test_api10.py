"""Issue 10's api pieces: meanstd/meanvar, lbfgs (closure steps in run), lr as a getter,
opt with parameter names, the transformer modules and the fills/averaging the scripts use."""
import numpy as np
import torch

from kt_session import tiny


# ---------------------------------------------------------------- meanstd

def test_meanstd_forms_against_torch(q):
    q("x:\"e\"$3 5#til 15")
    assert q.one("meanstd x") == "7 4.472136e"
    assert q("meanstd(x;0)") == ["5 6 7 8 9", "5 5 5 5 5"]
    assert q("meanstd(x;1)") == ["2        7        12", "1.581139 1.581139 1.581139"]
    assert q("meanstd(x;1;0b)")[1] == "1.414214 1.414214 1.414214"
    assert q("meanvar(x;1)") == ["2   7   12", "2.5 2.5 2.5"]
    assert q.one("count each meanstd(x;1;1b;1b)") == "3 3"
    q("t:tensor x", "y:meanstd(t;1)")
    assert q.one("class y") == "`tensor" and q.one("size y") == "2 3"
    a = np.arange(16, dtype=np.float32).reshape(2, 2, 2, 2)
    s, m = torch.std_mean(torch.from_numpy(a), dim=(0, 2, 3))
    got = q.eval("meanstd(2 2 2 2#til 16;0 2 3)")
    assert np.allclose(np.array([list(r.a) for r in got.items]), [m.numpy(), s.numpy()])
    assert q.one("type first meanstd(2 2#til 4;0)") == "8h"        # longs become reals


def test_meanstd_bad_arguments(q):
    assert q.one("meanstd `a`b").startswith("'meanstd: no torch type found")
    assert q.one("meanstd()") == "'meanstd: expecting array or tensor, given empty list"
    assert q.one("meanstd loss`ce") == "'meanstd: expecting tensor, given loss"
    assert q.one("meanstd(1 2 3e;0;1b;1b;1b)").startswith("'meanstd:")


# ---------------------------------------------------------------- lbfgs

def test_lbfgs_defaults_and_options(q):
    q("q:module enlist(`linear;4;3)", "o:opt(`lbfgs;q)")
    assert q("first opt[o]`options") == [
        "lr       | 1f", "iter     | 20", "eval     | 25", "gradtol  | 1e-07",
        "changetol| 1e-09", "history  | 100", "search   | `"]
    q("o:opt(`lbfgs;();.1;10;0N;`search`strong_wolfe)")
    assert q.one("first exec eval from opt[o]`options") == "12"
    assert q.one("first exec search from opt[o]`options") == "`strong_wolfe"
    assert q.one("opt(`lbfgs;();`search`foo)") == \
        "'lbfgs: unrecognized line search: foo, expecting `strong_wolfe"
    assert q.one("opt(`lbfgs;();`zz,1)") == "'lbfgs option: zz not recognized"


def test_lbfgs_run_is_torch_closure_step(q):
    """run m with lbfgs: per batch one LBFGS.step(closure); the recorded loss is the first
    evaluation's, as torch returns it."""
    torch.manual_seed(3)
    x, y = torch.randn(10, 4), torch.tensor([0, 1, 2, 0, 1, 2, 0, 1, 2, 0])
    net = torch.nn.Linear(4, 3)
    ref = torch.nn.Linear(4, 3)
    ref.load_state_dict(net.state_dict())
    q.module("q", net)
    q("m:model(q;loss`ce;opt(`lbfgs;q))", "train(m;`batchsize;5)")
    q.s.interp.assign_global("x", q.eval("1 2e"))  # placeholder, replaced below
    q.k.handles.get(q.eval("m"))          # model exists
    q.s.interp.assign_global("xx", _q(x)), q.s.interp.assign_global("yy", _q(y))
    q("train(m;xx;yy)")
    got = float(q.eval("run m").v)
    o, losses = torch.optim.LBFGS(ref.parameters()), []
    for i in (0, 5):
        def closure():
            o.zero_grad()
            loss = torch.nn.functional.cross_entropy(ref(x[i:i + 5]), y[i:i + 5])
            loss.backward()
            return loss
        losses.append(float(o.step(closure)))
    assert abs(got - sum(losses) / 2) < 1e-5
    for a, b in zip(net.parameters(), ref.parameters()):
        assert torch.allclose(a, b, atol=1e-5)
    assert q.one("lr[m]") == ",1f" and q.one("lr m") == ",1f"


def _q(t):
    from mnistrepl.ktorch.tensors.convert import to_q
    return to_q(t)


# ---------------------------------------------------------------- opt by names

def test_opt_groups_by_module_or_parameter_names(q):
    q("q:module seq(`sequential;(`linear;`l1;4;8);`relu;(`linear;`l2;8;3);(`layernorm;`n;3))",
      "o:opt(`adamw;();.0005;.9;.95)",
      "opt(o;0;(q;`l1.bias`l2.bias`n);`decay,0.0)",
      "opt(o;1;(q;`l1.weight`l2.weight);`decay,0.1)")
    assert q.one("exec name from opt[o]`parms") == \
        "`l1.bias`l2.bias`n.weight`n.bias`l1.weight`l2.weight"
    assert q.one("exec parmgroup from opt[o]`parms") == "0 0 0 0 1 1"
    assert q.one("exec decay from opt[o]`options") == "0 0.1"
    assert q.one("opt(o;1;(q;`l1.bias))") == "'opt: parameter(s) already managed by the optimizer"
    assert q.one("opt(o;1;(q;`zz))") == "'opt: no child module named `zz"


# ---------------------------------------------------------------- modules

CCT = ("q:module (`sequential; (`transform`input; seq(`sequential;(`randomcrop;`crop;8;2);"
       "(`zscore;`z;enlist .5e;enlist 2e)); seq(`sequential;(`zscore;`z;enlist .5e;enlist 2e)));"
       "enlist(`conv2d;`conv;1;8;3;1;1;`bias,0b); enlist(`flatten;`flat;2;3); `transpose`transpose;"
       "(`residual`pos; seq(`sequential;(`embedpos;`emb;64;8)));"
       "(`seqlist`blocks; (`sequential; (`residual`r1; seq(`sequential;(`selfattention;`attn;8;2;0.0;1b);"
       "(`droppath;`drop;.1)))));"
       "(`seqnest`end; (`seqjoin`join; seq(`sequential;(`linear;`pool;8;1);(`softmax;`sm;1);"
       "`transpose`t); `matmul`mul); enlist(`squeeze;`sq;-2); enlist(`linear;`fc;8;10)))")


def test_transformer_modules_build_print_and_type(q):
    q(CCT)
    text = q("-2 str q;")
    assert "  (input): knn::Transform(" in text
    assert "    (train): torch::nn::Sequential(" in text
    assert "      (crop): knn::RandomCrop(size=[8, 8], pad=[2, 2, 2, 2])" in text
    assert "      (z): knn::Zscore(mean=0.5, stddev=2, inplace=false)" in text
    assert "      (emb): knn::EmbedPosition(rows=64, cols=8)" in text
    assert "          (attn): knn::SelfAttention(dim=8, heads=2, dropout=0, norm=true)" in text
    assert "          (drop): knn::DropPath(p=0.1)" in text
    assert "  (blocks): knn::SeqList(" in text and "  (pos): knn::Residual(" in text
    t = q.eval("parmtypes q")
    types = dict(zip(t.k.a, t.v.a))
    assert types["pos.q1.emb.pos"] == "embedpos"
    assert types["blocks.0.r1.q1.attn.norm.weight"] == "layernorm"
    assert types["blocks.0.r1.q1.attn.in.weight"] == "linear"
    assert "blocks.0.r1.q1.attn.in.bias" not in types          # no bias after a norm
    assert types["conv.weight"] == "conv2d" and types["end.fc.bias"] == "linear"
    q("y:evaluate(q;3 1 8 8#til 192)")
    assert q.one("count each (y;first y)") == "3 10"
    assert q.one("module[q]`name") .startswith("``input`train`crop`z`eval`z`conv")


def test_transformer_forward_matches_plain_torch(q):
    """evaluate of the modules equals the same computation written in torch."""
    q(CCT)
    m = q.k.handles.get(q.eval("q")).module
    x = torch.arange(192, dtype=torch.float32).reshape(3, 1, 8, 8)
    with torch.no_grad():
        m.eval()
        z = (x - 0.5) / 2
        t = m.conv(z).flatten(2, 3).transpose(-2, -1)
        t = t + m.pos.q1.emb.pos[:, :64]
        a = getattr(m.blocks, "0").r1.q1.attn
        s = getattr(a, "in")(a.norm(t)).reshape(3, 64, 3, 2, 4).permute(2, 0, 3, 1, 4)
        w = torch.softmax(s[0] @ s[1].transpose(-2, -1) / 2.0, -1) @ s[2]
        t = t + a.out(w.transpose(1, 2).reshape(3, 64, 8))
        j = m.end.join
        p = torch.softmax(j.qx.pool(t), 1).transpose(-2, -1) @ t
        want = m.end.fc(p.squeeze(-2))
    got = torch.tensor(np.array([list(r.a) for r in q.eval("evaluate(q;3 1 8 8#til 192)").items]))
    assert torch.allclose(got, want, atol=1e-5)


def test_transform_train_and_eval_paths(q):
    q("r:module((0;`transform`t);(1;`sequential);(2;(`zscore;1 2e;3 4e));(1;`sequential))")
    assert q("evaluate(r;2 2 1 1#1e)") == [",,1e ,,1e", ",,1e ,,1e"]       # eval: empty
    assert q("tensor forward(r;2 2 1 1#1e)") == [",,0e ,,-0.25e", ",,0e ,,-0.25e"]
    assert q.one("buffernames r") == "`train.0.mean`train.0.stddev"
    assert q.one("module(r;1;`relu)") == "'transform: cannot add relu module, expecting sequential block"
    assert q.one("module(r;1;`sequential)") == \
        "'transform: both training and evaluation transforms already defined"


def test_randomcrop_droppath_residual(q):
    torch.manual_seed(0)
    q("c:module enlist(`randomcrop;4;1)")
    x = torch.arange(2 * 16, dtype=torch.float32).reshape(2, 1, 4, 4)
    q.s.interp.assign_global("x", _q(x))
    y = torch.tensor(np.array(q.eval("tensor forward(c;x)").items[0].items[0].items[0].a))
    assert y.shape == (4,)
    q("d:module enlist(`droppath;.5)")
    out = q.eval("evaluate(d;4 3#1e)")
    assert [list(r.a) for r in out.items] == [[1.0] * 3] * 4        # eval: identity
    t = q.k.handles.get(q.eval("forward(d;1000 3#1e)")).t
    rows = set(t[:, 0].tolist())
    assert rows <= {0.0, 2.0} and 300 < int((t[:, 0] == 0).sum()) < 700
    assert q.one("module enlist(`randomcrop;4;1 2 3)") == \
        "'randomcrop: pad expects 1, 2 or 4 longs, given 3"
    assert q.one("module enlist(`selfattention;10;3)") == \
        "'selfattention: model dimension of 10 not divisible by 3 heads"
    assert q.one("module enlist(`embedpos;0;3)") == \
        "'embedpos: positive number of rows and columns required"
    assert q.one("module enlist(`zscore;1e;`a)") == "'zscore: std expects number(s), given symbol"
    q("r:module (`residual; seq(`sequential;(`linear;3;3)); seq(`sequential;`relu); `relu)")
    assert q.one("childnames r") == "`q1`q2`fn"
    assert q.one("module(r;1;`sigmoid)") == \
        "'residual: cannot add sigmoid module, activation function already defined"


# ---------------------------------------------------------------- fills and averaging

def test_named_initialisers_on_a_module(q):
    torch.manual_seed(0)
    q("q:module seq(`sequential;(`linear;`a;200;300);(`conv2d;`c;3;8;3))")
    q("normal(q;`a.weight;0;.02)", "zeros(q;`a.bias)", "knormal(q;`c.weight)",
      "xnormal(q;`c.weight;gain`relu)")
    m = q.k.handles.get(q.eval("q")).module
    assert abs(float(m.a.weight.std()) - 0.02) < 0.002 and float(m.a.bias.abs().sum()) == 0
    assert q.one("zeros(q;`zz)") == "'zeros: zz is not a parameter or buffer"
    assert q.one("normal(q;0;.02)") == "'normal: expecting parameter/buffer name(s) for module"


def test_weight_averaging_then_batchnorm(q):
    """wsimple's ending: copyparms(m;a) writes averages back, batchnorm m recomputes the
    batch-norm statistics over the training data with the averaged weights."""
    net = tiny(2)
    q.module("q", net)
    q("m:model(q;loss`ce;opt(`sgd;q;.1))", "train(m;`batchsize;4)",
      "train(m;8 4#\"e\"$til 32;8#0 1)", "a:dict()", "run m", "use[a]copyparms m",
      "run m", "avgparms(m;a)", "copyparms(m;a)")
    q.one("batchnorm m")
    bn = net[1]
    x = torch.arange(32, dtype=torch.float32).reshape(8, 4)
    with torch.no_grad():
        h = net[0](x)
    # two batches of 4 averaged cumulatively (momentum None), unbiased variance per batch
    mean = (h[:4].mean(0) + h[4:].mean(0)) / 2
    var = (h[:4].var(0) + h[4:].var(0)) / 2
    assert torch.allclose(bn.running_mean, mean, atol=1e-5)
    assert torch.allclose(bn.running_var, var, atol=1e-4)
    assert bn.momentum == 0.1
