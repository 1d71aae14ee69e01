"""What `run`/`testrun` do beyond a plain loop (train/accel.py): freed memory kept during a
pass (heap.py), channels-last conv weights (layout.py), the uniform_ dropout mask
(nn/dropout.py) and fused optimizer kernels (kernels.py). Each keeps ktorch's results up
to rounding and leaves nothing visible behind."""
import pytest
import torch

from mnistrepl.ktorch.nn.dropout import Dropout, mask
from mnistrepl.ktorch.train import accel, heap, layout
from mnistrepl.ktorch.train.kernels import kernel_options, refit


# ---------------------------------------------------------------- heap

class FakeLibc:
    def __init__(self):
        self.calls = []

    def mallopt(self, param, value):
        self.calls.append(("mallopt", param, value))
        return 1

    def malloc_trim(self, pad):
        self.calls.append(("trim", pad))
        return 1


def test_kept_memory_sets_then_restores_glibc_steady_state():
    libc = FakeLibc()
    with heap.kept_memory(libc):
        assert libc.calls == [("mallopt", heap.M_MMAP_MAX, 0),
                              ("mallopt", heap.M_TRIM_THRESHOLD, 2**31 - 1)]
    assert libc.calls[2:] == [("mallopt", heap.M_MMAP_MAX, 65536),
                              ("mallopt", heap.M_MMAP_THRESHOLD, 32 << 20),
                              ("mallopt", heap.M_TRIM_THRESHOLD, 64 << 20), ("trim", 0)]


def test_kept_memory_restores_after_an_error_and_once_when_nested():
    libc = FakeLibc()
    with pytest.raises(KeyboardInterrupt):
        with heap.kept_memory(libc):
            with heap.kept_memory(libc):
                raise KeyboardInterrupt
    assert [c for c in libc.calls if c[0] == "trim"] == [("trim", 0)]
    assert len(libc.calls) == 6 and heap._depth == [0]


def test_kept_memory_without_glibc_does_nothing(monkeypatch):
    monkeypatch.setattr(heap, "glibc", lambda: None)
    with heap.kept_memory():
        pass


# ---------------------------------------------------------------- layout

def conv_net(norm=False):
    layers = [torch.nn.Conv2d(2, 4, 3), torch.nn.ReLU()]
    if norm:
        layers.append(torch.nn.BatchNorm2d(4))
    return torch.nn.Sequential(*layers, torch.nn.Flatten(), torch.nn.Linear(4 * 6 * 6, 3))


def test_wanted_for_cpu_conv_nets():
    cpu, cuda = torch.device("cpu"), torch.device("cuda")
    assert layout.wanted(conv_net(), cpu) and layout.wanted(conv_net(norm=True), cpu)
    assert not layout.wanted(torch.nn.Linear(3, 2), cpu)
    assert not layout.wanted(conv_net(), cuda)
    assert layout.wanted(conv_net(norm=True), cuda, True)
    net = conv_net()
    lbfgs = torch.optim.LBFGS(net.parameters())      # its step views params and grads flat
    assert not layout.wanted(net, cpu, opt=lbfgs) and not layout.wanted(net, cpu, True, lbfgs)
    assert not layout.wanted(conv_net(), cpu, False)


def step_all(net, opt, x):
    opt.zero_grad(set_to_none=True)
    out = net(x)
    out.sum().backward()
    opt.step()
    return out


def test_channels_last_inside_contiguous_after_with_grads_and_state():
    net = conv_net()
    opt = torch.optim.Adam(net.parameters(), lr=.01)
    w = net[0].weight
    x = torch.randn(5, 2, 8, 8)
    with layout.channels_last(net, opt):
        assert w.is_contiguous(memory_format=torch.channels_last) and not w.is_contiguous()
        step_all(net, opt, x)
        assert opt.state[w]["exp_avg"].is_contiguous(memory_format=torch.channels_last)
    assert w.is_contiguous() and w.grad.is_contiguous()
    assert opt.state[w]["exp_avg"].is_contiguous()
    assert opt.state[w]["step"].dim() == 0              # not a parameter-shaped tensor


def test_relayout_keeps_the_storage_so_views_stay_views():
    w = torch.nn.Parameter(torch.randn(4, 3, 2, 2))
    view, before = w.detach(), w.detach().clone()
    with torch.no_grad():
        layout.relayout(w, torch.channels_last)
        assert w.is_contiguous(memory_format=torch.channels_last) and torch.equal(w, before)
        w.add_(1)
        layout.relayout(w, torch.contiguous_format)
    assert w.is_contiguous() and torch.equal(w, before + 1) and torch.equal(view, w)
    assert isinstance(w, torch.nn.Parameter) and w.requires_grad


def test_channels_last_restores_after_an_error():
    net = conv_net()
    with pytest.raises(RuntimeError):
        with layout.channels_last(net):
            raise RuntimeError("stop")
    assert net[0].weight.is_contiguous()


def test_channels_last_gives_the_contiguous_result():
    torch.manual_seed(1)
    a = conv_net()
    b = conv_net()
    b.load_state_dict(a.state_dict())
    oa = torch.optim.SGD(a.parameters(), lr=.1)
    ob = torch.optim.SGD(b.parameters(), lr=.1)
    x = torch.randn(6, 2, 8, 8)
    for _ in range(3):
        ya = step_all(a, oa, x)
        with layout.channels_last(b, ob):
            yb = step_all(b, ob, x)
        torch.testing.assert_close(ya, yb, rtol=1e-4, atol=1e-5)
    for pa, pb in zip(a.parameters(), b.parameters()):
        torch.testing.assert_close(pa, pb, rtol=1e-4, atol=1e-5)


def test_run_leaves_conv_weights_contiguous(q):
    q("q:module seq(`sequential; (`conv2d;2;4;3); `relu; `flatten; (`linear;144;3))",
      "w:parm(q;`0.weight); v:detach w; a:sum raze raze raze tensor w",
      "m:model(q; loss`ce; opt(`adam;q))",
      "train(m;`batchsize;4); train(m;tensor(`randn;10 2 8 8);tensor(`randint;3;10))",
      "test(m;`batchsize;4); test(m;tensor(`randn;10 2 8 8);tensor(`randint;3;10))")
    assert q.one("type run m") == "-8h"
    assert q.one("type testrun m") == "-8h"
    assert q.one("contiguous w") == "1b"
    assert q.one("options[w]`memory") == "`contiguous"
    assert q.one("(tensor v)~tensor w") == "1b"          # views made before stay views
    assert q.one("a=sum raze raze raze tensor w") == "0b"  # and training changed them


# ---------------------------------------------------------------- dropout

def test_dropout_mask_keeps_one_minus_p_scaled_as_torch():
    torch.manual_seed(0)
    m = mask(torch.empty(200_000), .2)
    assert set(m.unique().tolist()) == {0.0, torch.tensor(1.0).div(.8).item()}
    assert abs((m == 0).float().mean().item() - .2) < .005


def test_dropout_forward_backward_and_eval():
    torch.manual_seed(0)
    d = Dropout(.5)
    x = torch.randn(1000, 50, requires_grad=True)
    y = d(x)
    kept = y != 0
    torch.testing.assert_close(y[kept], 2 * x[kept])
    y.sum().backward()
    torch.testing.assert_close(x.grad, kept.float() * 2)
    d.eval()
    assert d(x) is x or torch.equal(d(x), x)


def test_dropout_inplace_and_edge_probabilities():
    x = torch.ones(1000)
    y = Dropout(.3, inplace=True)(x)
    assert y is x and ((x == 0) | (x == torch.tensor(1.0).div(.7))).all()
    assert torch.equal(Dropout(0.0)(torch.ones(5)), torch.ones(5))
    assert torch.equal(Dropout(1.0)(torch.ones(5)), torch.zeros(5))


def test_drop_layer_shows_as_torch_dropout(q):
    q("q:module seq(`sequential; (`drop;.25))")
    assert "(0): torch::nn::Dropout(p=0.25, inplace=false)" in q.one("str q")


# ---------------------------------------------------------------- fused kernels

def entries(*ps, label="linear"):
    return [(p, label, str(i)) for i, p in enumerate(ps)]


def test_fused_where_torch_has_a_kernel_and_the_parameters_allow():
    w = torch.nn.Parameter(torch.randn(3))
    c = torch.nn.Parameter(torch.randn(3, dtype=torch.complex64))
    for name in ("adam", "adamw", "adagrad"):
        assert kernel_options(name, entries(w)) == {"fused": True}
    assert kernel_options("sgd", entries(w), {"momentum": .9}) == {"fused": True}
    for name in ("lamb", "lbfgs", "rmsprop"):
        assert kernel_options(name, entries(w)) == {}
    assert kernel_options("adam", entries(w, c)) == {}
    momentum = {"momentum": .9}
    assert kernel_options("sgd", entries(w, label="embed"), momentum) == {}   # sparse gradients


def test_sgd_without_momentum_keeps_torchs_loop(q):
    assert kernel_options("sgd", entries(torch.nn.Parameter(torch.randn(3)))) == {}
    assert kernel_options("sgd", [], {"momentum": 0.0}) == {}
    q("q:module seq(`sequential; (`linear;4;2))", "a:opt(`sgd;q;.04)", "b:opt(`sgd;q;.04;.9)")
    fused = [q.k.get(q.s.interp.globals[n]).opt.param_groups[0]["fused"] for n in "ab"]
    assert [bool(f) for f in fused] == [False, True]


def test_refit_goes_back_to_the_loop_for_refused_parameters():
    w = torch.nn.Parameter(torch.randn(3))
    c = torch.nn.Parameter(torch.randn(3, dtype=torch.complex64))
    opt = torch.optim.Adam([w], fused=True)
    refit(opt, entries(w))
    assert opt.param_groups[0]["fused"]
    refit(opt, entries(c))
    opt.add_param_group({"params": [c]})
    assert not opt.param_groups[0]["fused"] and not opt.param_groups[1]["fused"]
    w.grad, c.grad = torch.ones(3), torch.ones(3, dtype=torch.complex64)
    opt.step()


def test_opt_fused_steps_as_torch_loop(q):
    q("q:module seq(`sequential; (`linear;4;2))", "o:opt(`adamw;q;`lr`decay!.01 .1)")
    net = q.k.get(q.s.interp.globals["q"]).module
    opt = q.k.get(q.s.interp.globals["o"]).opt
    assert opt.param_groups[0]["fused"]
    ref = torch.nn.Sequential(torch.nn.Linear(4, 2))
    ref.load_state_dict(net.state_dict())
    loop = torch.optim.AdamW(ref.parameters(), lr=.01, weight_decay=.1)
    x = torch.randn(8, 4)
    for _ in range(3):
        for m, o in ((net, opt), (ref, loop)):
            o.zero_grad()
            m(x).pow(2).sum().backward()
            o.step()
    for a, b in zip(net.parameters(), ref.parameters()):
        torch.testing.assert_close(a, b)


# ---------------------------------------------------------------- mixed precision

def test_amp_dtype_by_device():
    cpu, cuda, mps = (torch.device(d) for d in ("cpu", "cuda", "mps"))
    assert accel.amp_dtype(cpu, True) == torch.bfloat16
    assert accel.amp_dtype(cuda, True) == torch.float16
    assert accel.amp_dtype(mps, True) is None
    assert accel.amp_dtype(cuda, False) is None and accel.amp_dtype(cpu, None) is None


class FakeScaler:
    def __init__(self):
        self.calls = []

    def scale(self, loss):
        self.calls.append("scale")
        return loss * 2

    def unscale_(self, opt):
        self.calls.append("unscale")

    def step(self, opt):
        self.calls.append("step")
        opt.step()

    def update(self):
        self.calls.append("update")


def test_precision_full_is_the_plain_calls():
    w = torch.nn.Parameter(torch.ones(2))
    opt = torch.optim.SGD([w], lr=1.0)
    p = accel.Precision(torch.device("cpu"))
    assert p.cast() is accel.NO_CAST
    p.backward((w * 3).sum())
    p.unscale(opt)
    p.step(opt)
    assert w.tolist() == [-2.0, -2.0]


def test_precision_with_a_scaler_scales_unscales_and_steps():
    w = torch.nn.Parameter(torch.ones(2))
    opt = torch.optim.SGD([w], lr=1.0)
    s = FakeScaler()
    p = accel.Precision(torch.device("cpu"), torch.bfloat16, s)
    with p.cast():
        assert torch.is_autocast_enabled("cpu")
    p.backward((w * 3).sum())
    p.unscale(opt)
    p.step(opt)
    assert s.calls == ["scale", "unscale", "step", "update"]
    assert w.grad.tolist() == [6.0, 6.0]


def test_float16_training_keeps_the_models_scaler(q):
    class Model:
        scaler = None
    q.k.options["amp"] = True
    m, cuda = Model(), torch.device("cuda")
    with pytest.warns(UserWarning):         # no CUDA here: torch's scaler disables itself
        first = accel.precision(q.k, m, cuda, True)
    assert first.dtype == torch.float16 and first.scaler is m.scaler
    assert accel.precision(q.k, m, cuda, True).scaler is first.scaler
    assert accel.precision(q.k, m, cuda, False).scaler is None
    assert accel.precision(q.k, m, torch.device("cpu"), True).scaler is None


def test_amp_run_and_testrun_on_the_cpu(q):
    q.k.options["amp"] = True
    q("q:module seq(`sequential; (`conv2d;1;4;3); `relu; `drop; `flatten; (`linear;144;3))",
      "w:parm(q;`0.weight); m:model(q; loss`ce; opt(`adam;q))",
      "train(m;`batchsize`clipnorm;(4;1.0)); train(m;tensor(`randn;10 1 8 8);tensor(`randint;3;10))",
      "test(m;`batchsize`metrics;(5;`loss`output)); test(m;tensor(`randn;10 1 8 8);tensor(`randint;3;10))")
    assert q.one("type run m") == "-8h"
    assert q.one("r:run m; (null r;1e6>abs r)") == "01b"
    assert q.one("r:testrun m; (-8h;10;8h)~(type first r; count last r; type last last r)") == "1b"
    assert q.one("contiguous w") == "1b"


def test_one_channel_weights_get_channels_last_strides():
    w = torch.nn.Parameter(torch.randn(20, 1, 5, 5))
    with torch.no_grad():
        layout.relayout(w, torch.channels_last)
    assert w.stride() == (25, 1, 5, 1)
    out = torch.nn.functional.conv2d(torch.randn(2, 1, 8, 8), w)
    assert out.is_contiguous(memory_format=torch.channels_last) and not out.is_contiguous()
    with torch.no_grad():
        layout.relayout(w, torch.contiguous_format)
    assert w.stride() == (25, 25, 5, 1)
