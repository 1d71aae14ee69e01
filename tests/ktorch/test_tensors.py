"""Tensors, vectors, dictionaries, batching, fills (ktorch-api.md 3)."""
import time

import numpy as np
import pytest
import torch

from mnistrepl.q.values import E, Vec


def T(q, name):
    """The torch tensor (batch view) behind q variable `name`."""
    return q.k.handles.get(q.eval(name)).view


# ---------------------------------------------------------------- create

def test_create_from_k(q):
    q("t:tensor 1 2 3")
    assert T(q, "t").dtype == torch.int64 and T(q, "t").tolist() == [1, 2, 3]
    q("u:tensor(1 2 3;`half`grad)")
    assert T(q, "u").dtype == torch.float16 and T(q, "u").requires_grad
    q("m:tensor (1 2e;3 4e)")
    assert T(q, "m").shape == (2, 2) and T(q, "m").dtype == torch.float32
    q("s:tensor 5h")
    assert T(q, "s").dim() == 0 and T(q, "s").dtype == torch.int16
    assert q.one("size tensor()") == ",0"
    assert q.one("dtype tensor()") == "`float"
    assert q.one("defined tensor[]") == "0b"
    assert q("tensor tensor[]") == []


def test_create_modes(q):
    q("seed 1", "x:tensor(`randn;60 28 28)")
    torch.manual_seed(1)
    assert torch.equal(T(q, "x"), torch.randn(60, 28, 28))
    q("seed 2", "y:tensor(`randint;10;60;`cpu`long)")
    torch.manual_seed(2)
    assert torch.equal(T(q, "y"), torch.randint(0, 10, (60,)))
    q("y2:tensor(`randint;5;8;100)")
    assert T(q, "y2").dtype == torch.int64 and 5 <= T(q, "y2").min() and T(q, "y2").max() < 8
    q("y3:tensor(`randint;10;60;`short)")
    assert T(q, "y3").dtype == torch.int16
    assert q.one("tensor tensor(`arange;5)") == "0 1 2 3 4"
    assert q.one("tensor tensor(`arange;1;2;.25)") == "1 1.25 1.5 1.75e"
    assert q.one("tensor tensor(`linspace;0;1;5)") == "0 0.25 0.5 0.75 1e"
    assert q("tensor tensor(`eye;2;3)") == ["1 0 0", "0 1 0"]
    assert q("tensor tensor(`full;2 2;7)") == ["7 7", "7 7"]
    q("f:tensor(`full;2;1.5;`double)")
    assert T(q, "f").dtype == torch.float64 and T(q, "f").tolist() == [1.5, 1.5]
    q("p:tensor(`randperm;10)")
    assert sorted(T(q, "p").tolist()) == list(range(10))
    q("e:tensor(`empty;60;`cpu)", "z:tensor(`zeros;60;`cpu)", "o:tensor(`ones;2 3)")
    assert T(q, "z").sum() == 0 and T(q, "o").shape == (2, 3)
    q("r:tensor(`rand;1000)")
    assert 0 <= T(q, "r").min() and T(q, "r").max() < 1


def test_create_like_and_out(q):
    q("t:tensor(1 2 3.;`double)", "z:tensor(`zeros;t)")
    assert T(q, "z").dtype == torch.float64 and T(q, "z").shape == (3,)
    q("f:tensor(`full;t;4)")
    assert T(q, "f").tolist() == [4.0, 4.0, 4.0] and T(q, "f").dtype == torch.float64
    q("o:tensor(`zeros;2)", "tensor(`ones;4;o)")
    assert T(q, "o").tolist() == [1.0] * 4
    assert q("tensor(`randn;3;o)") == []


def test_create_errors(q):
    assert q.one("tensor(`foo;3)") == "'tensor: unrecognized tensor creation mode: foo"
    assert q.one("tensor(`zeros;3;4;5)") == "'tensor: unexpected arg(s) for mode zeros"
    assert q.one("tensor(`zeros;3;`bad)") == "'tensor: unrecognized tensor option: bad"
    assert q.one("tensor `a`b") == "'no torch type found for k: symbol list"
    assert q.one("tensor(1 2;3 4 5)") == "'dimension mismatch at depth 1, 2 vs 3"
    assert q.one("tensor(1 2;3 4.)") == "'type mismatch at depth 1, long list vs double list"


# ---------------------------------------------------------------- retrieve

def test_retrieve(q):
    q("t:tensor 2 3#til 6")
    assert q("tensor t") == ["0 1 2", "3 4 5"]
    assert q.one("tensor(t;1)") == "3 4 5"
    assert q.one("tensor(t;-1)") == "3 4 5"
    assert q.one("tensor(t;1;0)") == "0 3"
    assert q("tensor(t;-1;1 2)") == ["1 2", "4 5"]
    assert q.one("tensor(t;0 1;1)") == "'tensor: expecting dimension as long atom"
    q("v:vector(1 2;3e)", "p:tensor(v;1)")
    assert q.one("tensor p") == "3e"
    assert T(q, "p") is q.k.handles.get(q.eval("v")).ts[1]          # shared
    assert q.one("count tensor v") == "2"
    q("d:dict `a`b!(1;2 3)", "pd:tensor d")
    assert q.one("key pd") == "`a`b"
    assert q.one("tensor tensor(d;`b)") == "2 3"


def test_replace_values(q):
    q("t:tensor(1 2 3;`double)", "tensor(4 5;t)")
    assert T(q, "t").tolist() == [4.0, 5.0] and T(q, "t").dtype == torch.float64


# ---------------------------------------------------------------- reshaping

def test_resize_pointer(q):
    q("t:tensor til 12", "resize(t;-1 4)")
    assert q.one("size t") == "3 4"
    q("s:tensor 2 6#0", "resize(t;s)")
    assert q.one("size t") == "2 6"
    assert q.one("resize(t;-1 5)").startswith("'resize:")


@pytest.mark.slow          # a 60000x784 array: seconds to build
def test_resize_array_fast(q):
    a = (np.arange(47040000) % 255).astype(np.float32)
    q.s.interp.assign_global("x", Vec(E, a))
    start = time.perf_counter()
    y = q.eval("resize(x;-1 784)")
    # a bound for complexity, not a timing: a per-item path takes minutes here, NumPy ~0.1 s
    assert time.perf_counter() - start < 15.0
    assert len(y.items) == 60000 and len(y.items[0].a) == 784 and y.items[0].t == E
    assert np.array_equal(y.items[1].a, a[784:1568])
    y.items[0].a[0] = 99                              # the result never aliases x
    assert a[0] == 0
    assert q("resize(1 2 3 4 5 6;-1 1 2)") == ["1 2", "3 4", "5 6"]
    assert q.one("count resize(til 24;-1 1 2 3)") == "4"
    assert q("resize(1 2 3;2 2)")[0] == "1 2"


def test_reshape_view_detach(q):
    q("t:tensor 1 2 3 4 5 6e", "r:reshape(t;3 -1)", "v:View(t;2 3)")
    assert q.one("size r") == "3 2" and q.one("size v") == "2 3"
    assert T(q, "v").data_ptr() == T(q, "t").data_ptr()
    assert q("reshape(1 2 3 4;2 2)") == ["1 2", "3 4"]
    q("gradflag(t;1b)", "d:detach t")
    assert not T(q, "d").requires_grad and T(q, "d").data_ptr() == T(q, "t").data_ptr()
    q("detach(t;1b)")
    assert not T(q, "t").requires_grad


# ---------------------------------------------------------------- attributes

def test_attributes(q):
    q("t:tensor 1 2 3e")
    assert q.one("dtype t") == "`float"
    assert q("options t") == ["device  | cpu", "dtype   | float", "layout  | strided",
                              "gradient| nograd", "pin     | unpinned", "memory  | contiguous"]
    assert q("options[]")[1] == "dtype   | float"
    assert q.one("gradient t") == "`nograd"
    q("gradflag(t;1b)")
    assert q.one("gradflag t") == "1b"
    assert q.one("defined t") == "1b"
    assert q.one("contiguous t") == "1b"
    assert q("grad t") == []
    T(q, "t").sum().backward()
    assert q.one("grad t") == "1 1 1e"
    q("dtype`double")
    try:
        assert q.one("dtype[]") == "`double"
        assert q.one("dtype tensor 1.5") == "`double"
    finally:
        torch.set_default_dtype(torch.float32)
    assert q.one("dtype`long").startswith("'dtype:")


def test_options_of_module(q):
    net = torch.nn.Linear(2, 3)
    net.kname, net.kopts = "linear", {"in": 2, "out": 3, "bias": True}
    q.module("m", net)
    assert q("options m") == ["in  | 2", "out | 3", "bias| 1b"]


# ---------------------------------------------------------------- vectors, dicts

def test_vector(q):
    q("v:vector(1 2 3;4 5e)")
    assert q.one("vector(v;1)") == "4 5e"
    q("t:tensor 9 9", "vector(v;0;t)")
    assert q.one("mapped t") == "0b"
    assert q.one("vector(v;0)") == "9 9"
    q("w:vector enlist 1f", "vector(v;w)")
    assert q.one("count vector v") == "3"
    assert q.one("mapped w") == "0b"
    q("u:vector\"ej\"$(1 2;3 4)")
    assert q.one("dtype u") == "`float`long"
    assert q.one("vector(v;5)").startswith("'vector: index 5 invalid")
    q("e:vector()")
    assert q.one("count vector e") == "0"


def test_dict(q):
    q("d:dict `a`b!(1 2;3e)")
    assert q("dict d") == ["a| 1 2", "b| 3e"]
    assert q.one("dict(d;`a)") == "1 2"
    q("dict(d;`c;tensor 5 6)", "dict(d;`a`x!(0;1))")
    assert q.one("key dict d") == "`a`b`c`x"
    assert q.one("dict(d;`zz)") == "'dict: dictionary key: zz not found"
    q("e:dict()")
    assert q.one("class e") == "`dictionary"
    assert q.one("count dict e") == "0"
    q("f:dict(`x`y;(1;2))")
    assert q("dict f") == ["x| 1", "y| 2"]


# ---------------------------------------------------------------- batching

def test_batch_iterate_and_index(q):
    q("t:tensor til 10")
    seen = []
    while q.one("batch(t;3)") == "1b":
        seen.append(T(q, "t").tolist())
    assert seen == [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]
    assert q.one("size t") == ",10"
    q("batch(t;3;2)")
    assert T(q, "t").tolist() == [6, 7, 8]
    q("batch(t;3;1)")
    assert T(q, "t").tolist() == [3, 4, 5]      # against the full size
    T(q, "t")[0] = 99                             # writes go through to the data
    assert q.one("restore t") == "10"
    assert T(q, "t")[3] == 99
    assert q.one("batch(t;3;4)") == "'batch[4] invalid, valid range is from 0-3"
    assert q.one("batch(t;10)") == "'batch: size 10 not in the range 1-9"


def test_batch_dim_and_vector(q):
    q("t:tensor 2 6#til 12", "batch(t;4 1;1)")
    assert T(q, "t").tolist() == [[4, 5], [10, 11]]
    assert q.one("restore(t;1)") == "6"
    q("v:vector(til 10;10#1e)", "batch(v;5;1)")
    assert q.one("(size v)~(enlist 5;enlist 5)") == "1b"
    q("d:dict `x`y!(til 10;til 9)")
    assert q.one("batch(d;2)") == \
        "'dictionary[y] size=9, but previous tensor(s) have size=10 for dim 0"


def test_shuffle_same_permutation(q):
    q("v:vector(til 10;10*til 10)", "batch(v;3;0)", "seed 7", "shuffle v")
    a, b = (t.tolist() for t in q.k.handles.get(q.eval("v")).views)
    assert len(a) == 10 and sorted(a) == list(range(10)) and b == [10 * i for i in a]
    torch.manual_seed(7)
    assert a == torch.randperm(10).tolist()
    q("t:tensor 3 4#til 12", "shuffle(t;1)")
    assert sorted(T(q, "t")[0].tolist()) == [0, 1, 2, 3]


# ---------------------------------------------------------------- fills

def test_fills_tensor(q):
    q("x:tensor(`zeros;1000)", "seed 3", "uniform(x;.8;1)")
    torch.manual_seed(3)
    assert torch.equal(T(q, "x"), torch.zeros(1000).uniform_(.8, 1))
    q("normal(x;5;2)")
    assert abs(T(q, "x").mean() - 5) < 0.5
    q("zeros x")
    assert T(q, "x").sum() == 0
    q("fill(x;3)")
    assert T(q, "x").unique().tolist() == [3.0]
    q("random(x;0;3)")
    assert set(T(q, "x").unique().tolist()) <= {0.0, 1.0, 2.0}
    q("m:tensor(`zeros;30 40)", "seed 4", "xnormal(m;gain`relu)")
    torch.manual_seed(4)
    want = torch.nn.init.xavier_normal_(torch.zeros(30, 40), gain=2 ** .5)
    assert torch.allclose(T(q, "m"), want)
    q("seed 5", "knormal(m;`relu;`fanout)")
    torch.manual_seed(5)
    want = torch.nn.init.kaiming_normal_(torch.zeros(30, 40), mode="fan_out",
                                         nonlinearity="relu")
    assert torch.allclose(T(q, "m"), want)


def test_fills_k_arrays_and_selectors(q):
    assert q.one("fill(1 2 3e;7)") == "7 7 7e"
    assert q("zeros (1 2e;3 4e)") == ["0 0", "0 0"]
    q("v:vector(1 2e;3 4e)", "fill(v;1;9)")
    assert q.one("vector(v;1)") == "9 9e" and q.one("vector(v;0)") == "1 2e"
    q("d:dict `a`b!(1 2e;3 4e)", "ones(d;`b)")
    assert q.one("dict(d;`b)") == "1 1e" and q.one("dict(d;`a)") == "1 2e"
    net = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.ReLU(), torch.nn.Linear(2, 2))
    q.module("q", net)
    q("zeros(q;`0.bias)", "fill(q;`2.weight`2.bias;1)")
    assert net[0].bias.abs().sum() == 0 and net[2].weight.eq(1).all()
    assert net[0].weight.requires_grad            # filled without grad recording
    q("xnormal(q;`2.weight;gain`relu)")
    assert q.one("zeros q").startswith("'zeros: expecting parameter/buffer name")


def test_gain(q):
    assert q.one("gain`relu") == "1.414214"
    assert q.one("gain`leakyrelu") == "1.414143"
    assert q.one("gain`tanh") == "1.666667"
    assert q.one("gain`selu") == "0.75"
    assert q.one("gain`linear") == "1f"
    assert q.one("gain(`leakyrelu;.2)") == str(round((2 / 1.04) ** .5, 6))
    assert q.one("gain`foo") == "'gain: unrecognized non-linearity `foo"
