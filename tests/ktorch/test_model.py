"""model, train/test options and data, batching, step-by-step training (ktorch-api.md 7)."""

import numpy as np
import pytest
import torch

from model_helpers import (IDENTITY, M, api_state, args, bln, lng, new_model, parts,
                           qlongs, qmat, sym, syms, synthetic, tiny_net)
from mnistrepl.q.errors import QError
from mnistrepl.q.values import Atom, Dict, List, Vec, E, F
from mnistrepl.ktorch.core.kinds import TensorObj


def err(fn, *a):
    with pytest.raises(QError) as e:
        fn(*a)
    return str(e.value).strip("'")


@pytest.fixture
def km():
    k = api_state()
    m, net = new_model(k)
    return k, m, net


# ---------------------------------------------------------------- model

def test_model_consumes_handles_any_order():
    k = api_state()
    q, l, o = parts(k, tiny_net())
    m = M.model(k, args(o, q, l))
    assert k.handles.get(m).kind == "model"
    for p in (q, l, o):
        assert not k.handles.mapped(p)
    assert "stale pointer" in err(M.model, k, args(q, l, o))


def test_model_arg_errors():
    k = api_state()
    q, l, o = parts(k, tiny_net())
    t = k.new(TensorObj(torch.zeros(2)))
    assert err(M.model, k, args(q, t, o)) == "model arg[1] unrecognized: tensor"
    assert err(M.model, k, args(q, lng(3))) == "model arg[1] unrecognized: long"
    assert err(M.model, k, args(q, l)) == "model: optimizer not specified"
    assert k.handles.mapped(q)                   # nothing consumed on error


def test_model_replace_and_definition(km):
    k, m, net = km
    _, l2, _ = parts(k, tiny_net())
    assert M.model(k, args(m, l2)) is IDENTITY and not k.handles.mapped(l2)
    d = M.model(k, m)
    assert list(d.k.a) == ["module", "loss", "optimizer", "train", "test"]
    assert list(d.v.items[3].k.a)[:3] == ["batchsize", "task", "tasks"]
    assert list(d.v.items[4].k.a) == ["batchsize", "task", "tasks", "droplast", "hidden",
                                      "tensor", "dictionary", "metrics"]


# ---------------------------------------------------------------- options

TRAIN_ORDER = ("batchsize task tasks droplast hidden shuffle shufflecuda shuffleseed sync "
               "clipgroup clipnorm clipvalue tensor dictionary metrics").split()


def test_option_defaults_and_order(km):
    k, m, _ = km
    d = M.train(k, m)
    assert list(d.k.a) == TRAIN_ORDER
    assert d.v.items[0].v == 32 and d.v.items[10] is IDENTITY
    assert M.test(k, args(m, sym("batchsize"))).v == 100
    assert list(M.train(k, args(m, sym("metrics"))).a) == ["loss"]
    short = M.train(k, args(m, bln(False)))
    assert "clipnorm" not in list(short.k.a)


def test_set_several_and_get(km):
    k, m, _ = km
    assert M.train(k, args(m, syms("batchsize", "shuffle"), args(lng(100), bln(True)))) \
        is IDENTITY
    assert M.train(k, args(m, sym("batchsize"))).v == 100
    assert bool(M.train(k, args(m, sym("shuffle"))).v)
    M.test(k, args(m, syms("batchsize", "metrics"), args(lng(1000), syms("loss", "accuracy"))))
    assert list(M.test(k, args(m, sym("metrics"))).a) == ["loss", "accuracy"]
    M.test(k, args(m, syms("batchsize", "metrics"), args(lng(1000), sym("accuracy"))))
    assert list(M.test(k, args(m, sym("metrics"))).a) == ["accuracy"]
    M.train(k, args(m, Dict(syms("droplast", "hidden"), Vec(1, np.array([True, False])))))
    got = M.train(k, args(m, syms("droplast", "batchsize")))
    assert list(got.k.a) == ["droplast", "batchsize"]


def test_clip_options(km):
    k, m, _ = km
    M.train(k, args(m, syms("clipgroup", "clipnorm"), args(bln(False), lng(2))))
    cn = M.train(k, args(m, sym("clipnorm")))
    assert cn.t == F and list(cn.a) == [2.0, 2.0]
    M.train(k, args(m, sym("clipvalue"), Atom(-F, np.float64(.5))))
    assert M.train(k, args(m, sym("clipnorm"))) is IDENTITY
    M.train(k, args(m, syms("clipgroup", "clipnorm"), args(bln(False), List([]))))
    assert M.train(k, args(m, sym("clipnorm"))) is IDENTITY


def test_option_errors_all_or_nothing(km):
    k, m, _ = km
    assert err(M.train, k, args(m, syms("batchsize", "shuffle"), args(lng(1), bln(1), lng(2)))) \
        == "train: 2 symbol(s) but 3 value(s)"
    assert err(M.test, k, args(m, sym("shuffle"))) == "unrecognized test setting: shuffle"
    assert err(M.train, k, args(m, sym("foo"))) == "unrecognized train setting: foo"
    assert err(M.train, k, args(m, sym("batchsize"), Atom(-F, np.float64(1.5)))) \
        == "batchsize: expects one long integer, given double"
    assert err(M.train, k, args(m, sym("metrics"), sym("bad"))) == "unrecognized metric: bad"
    assert err(M.train, k, args(m, syms("batchsize", "shuffle"), args(lng(100), lng(1)))) \
        == "shuffle: expects one boolean, given long"
    assert M.train(k, args(m, sym("batchsize"))).v == 32      # unchanged


# ---------------------------------------------------------------- data

def test_batches_and_size_mismatch(km):
    k, m, _ = km
    M.train(k, args(m, sym("batchsize"), lng(100)))
    x = torch.zeros(60000, 1)
    xp = k.new(TensorObj(x))
    assert M.train(k, args(m, xp, qlongs(np.zeros(60000)))).v == 600
    assert err(M.train, k, args(m, qlongs(np.zeros(100)), qlongs(np.zeros(10)))) \
        == "tensor size mismatch, 100 vs 10"
    assert M.train(k, args(m, qlongs(np.arange(250)))).v == 3
    M.train(k, args(m, sym("droplast"), bln(True)))
    assert M.batchinit(k, m).v == 2
    M.train(k, args(m, sym("batchsize"), lng(0)))
    assert M.batchinit(k, m).v == 1


def test_tensor_data_is_shared(km):
    k, m, _ = km
    t = torch.arange(10.)
    p = k.new(TensorObj(t))
    M.train(k, args(m, p))
    t[0] = 42
    assert M.data(k, m).items[0].a[0] == 42 and M.data(k, m).items[1] is IDENTITY


def test_batch_iteration(km):
    k, m, _ = km
    M.train(k, args(m, sym("batchsize"), lng(3)))
    assert M.batchinit(k, m).v == -1
    assert M.train(k, args(m, qlongs(np.arange(10)), qlongs(100 + np.arange(10)))).v == 4
    seen, sizes = [], []
    while k.handles.get(m).batch([]).v:
        seen.append(list(M.data(k, m).items[0].a))
        sizes.append(M.datasize(k, m).v)
    assert sizes == [3, 3, 3, 1] and seen[-1] == [9]
    assert M.datasize(k, m).v == 10
    k.handles.get(m).batch([])
    inp = M.input_(k, m)
    assert list(k.handles.get(inp).t.tolist()) == [0, 1, 2]
    assert k.handles.get(m).restore([]).v == 10
    assert M.target(k, m) is not IDENTITY


def test_input_target_sides(km):
    k, m, _ = km
    assert M.input_(k, args(m, qlongs(np.arange(64)), qlongs(np.arange(64)))).v == 2
    v = k.handles.get(M.input_(k, m))
    assert v.kind == "vector" and len(v.ts) == 2
    assert M.target(k, m) is IDENTITY
    assert M.testinput(k, args(m, qlongs(np.arange(7)))).v == 1


def test_model_shuffle_unshuffle(km):
    k, m, _ = km
    M.train(k, args(m, qlongs(np.arange(7)), qlongs(100 + np.arange(7))))
    torch.manual_seed(0)
    assert k.handles.get(m).shuffle([]) is IDENTITY
    a, b = M.data(k, m).items
    assert list(a.a) != list(range(7)) and list(b.a - 100) == list(a.a)
    M.unshuffle(k, m)
    assert list(M.data(k, m).items[0].a) == list(range(7))
    assert "dimension 1" in err(k.handles.get(m).shuffle, [lng(1)])


# ---------------------------------------------------------------- step by step

def test_backward_accumulates_and_backstep(km):
    k, m, net = km
    x, y = synthetic(20)
    loss = M.backward(k, args(m, qmat(x), qlongs(y)))
    assert loss.t == -E
    g1 = net[0].weight.grad.clone()
    M.backward(k, args(m, qmat(x), qlongs(y)))
    assert torch.allclose(net[0].weight.grad, 2 * g1)
    w = net[0].weight.detach().clone()
    l2 = M.backstep(k, args(m, qmat(x), qlongs(y)))
    assert l2.v == loss.v and not torch.equal(w, net[0].weight)
    M.train(k, args(m, qmat(x), qlongs(y)))
    assert M.backward(k, m).t == -E


def test_backward_tensor_modes():
    k = api_state()
    x = torch.tensor([1., 2., 3.], requires_grad=True)
    y = (x * x)
    p = k.new(TensorObj(y))
    assert M.backward(k, args(p, Atom(-E, np.float32(1)), sym("retain"))) is IDENTITY
    assert x.grad.tolist() == [2., 4., 6.]
    z = k.new(TensorObj(y.mean()))
    M.backward(k, z)
    assert np.allclose(x.grad.numpy(), [2 + 2 / 3, 4 + 4 / 3, 8])


def test_clip_and_clipv(km):
    k, m, net = km
    x, y = synthetic(20)
    M.backward(k, args(m, qmat(x), qlongs(y)))
    ps = list(net.parameters())
    norm = torch.linalg.vector_norm(torch.stack([p.grad.norm() for p in ps])).item()
    prev = M.clip(k, args(m, Atom(-F, np.float64(1e-3))))
    assert prev.t == -F and abs(prev.v - norm) < 1e-5
    assert abs(M.clip(k, args(m, Atom(-F, np.float64(1.)))).v - 1e-3) < 1e-6
    grp = M.clip(k, args(m, Atom(-F, np.float64(1.)), bln(True)))
    assert grp.t == F and len(grp.a) == 1
    r = M.clipv(k, args(m, Atom(-F, np.float64(1e-5))))
    assert r.t == -F and np.isnan(r.v)
    assert max(p.grad.abs().max().item() for p in ps) <= 1e-5 + 1e-12
