"""Pointers, object sizes, devices and settings (ktorch-api.md 1, 2)."""

import pytest
import torch

from kt_session import Q, tiny
from mnistrepl.ktorch.core.kinds import LossObj, OptObj


def test_class_and_errors(q):
    q("t:tensor 1 2 3")
    assert q.one("class t") == "`tensor"
    assert q.one("class 1 2") == \
        "'class: need allocated torch object, e.g. tensor, module, given long list"
    assert q.one("class 5") == \
        "'class: need allocated torch object, e.g. tensor, module, given long"


def test_stale_pointer_and_mapped(q):
    q("t:tensor 1 2 3", "free t")
    assert q.one("mapped t") == "0b"
    assert q.one("tensor t") == "'stale pointer"
    assert q.one("mapped 1 2") == "0b"
    assert q.one("mapped (1;2)") == "0b"
    q("u:tensor 1")
    assert q.one("mapped u") == "1b"
    assert q.one("mapped u,u") == "0b"          # a,b of pointers is a plain long list


def test_free_forms(q):
    q("a:tensor 1", "b:tensor 2", "c:tensor 3", "d:tensor 4")
    q("free(a;b)")
    assert q("mapped each (a;b;c)") == ["001b"]
    assert q.one("free(c;a)") == "'free: stale pointer, element[1] of given list"
    assert q.one("mapped c") == "1b"              # nothing freed on error
    q("free `x`y!(c;d)")
    assert q.one("mapped d") == "0b"
    q("e:tensor 5", "f:tensor 6", "free[]")
    assert q.one("count obj[]") == "0"
    q("g:tensor 7", "free()")
    assert q.one("mapped g") == "0b"


def test_addref_ref_use(q):
    q("t:tensor 1 2 3", "a:addref t")
    assert q.one("ref t") == "2"
    q("use[t]tensor 9 8")
    assert q.one("tensor a") == "9 8"           # every handle sees the new object
    q("b:tensor 5 6", "use[a]b")
    assert q.one("mapped b") == "0b"
    assert q.one("tensor t") == "5 6"
    q("use[t]t", "use[t]7 8 9e")
    assert q.one("tensor t") == "7 8 9e"
    q("v:vector(1 2;3 4)")
    assert q.one("use[t]v") == "'use: cannot replace tensor with vector"
    assert q.one("mapped v") == "1b"
    q("free t")
    assert q.one("ref a") == "1"


def test_use_vector_and_dict(q):
    q("v:vector(1 2;3 4)", "w:vector(5 6;7 8;9)", "use[v]w")
    assert q.one("(vector v)~(5 6;7 8;9)") == "1b"
    q("d:dict()", "use[d]dict `a`b!(1;2 3)")
    assert q("dict d") == ["a| 1", "b| 2 3"]
    q("use[d]`x`y!(1 2;3)")
    assert q("dict d") == ["x| 1 2", "y| 3"]


def test_return(q):
    q("t:tensor 1 2 3e", "r:return t")
    assert q.one("r") == "1 2 3e"
    assert q.one("mapped t") == "0b"
    q("d:dict `a`b!(1;2)")
    assert q("return d") == ["a| 1", "b| 2"]


def test_sizes_of_tensors(q):
    q("x:tensor(`randn;60 28 28)")
    assert q.one("size x") == "60 28 28"
    assert q.one("size tensor(`zeros;60)") == ",60"
    assert q.one("elements x") == "47040"
    assert q.one("bytes x") == "188160"
    assert q.one("dim x") == "3"
    assert q.one("tensorcount x") == "1"
    q("batch(x;25;1)")
    assert q.one("numel x") == str(25 * 784)
    assert q.one("elements x") == "47040"        # storage, not the view
    q("v:vector(1 2 3;4 5e)")
    assert q.one("(size v)~(enlist 3;enlist 2)") == "1b"
    assert q.one("elements v") == "3 2"
    assert q.one("bytes v") == "24 8"
    assert q.one("tensorcount v") == "2"
    q("d:dict `a`b!(1 2;3 4 5e)")
    assert q("numel d") == ["a| 2", "b| 3"]


def test_sizes_of_modules(q):
    q.module("q", torch.nn.Linear(784, 10))
    assert q.one("elements q") == "7850"
    assert q.one("size q") == "2"
    assert q.one("bytes q") == str(7850 * 4)
    assert q.one("tensorcount q") == "2"
    assert q.one("class q") == "`module"
    net = torch.nn.Sequential(torch.nn.Linear(784, 800), torch.nn.ReLU(), torch.nn.Linear(800, 10))
    q.module("s", net)
    assert q.one("elements s") == "636010"
    q.module("b", tiny())        # batch norm counts running stats and num_batches_tracked
    assert q.one("elements b") == str(15 + 6 + 3 + 3 + 1 + 8)
    assert q.one("tensorcount b") == str(2 + 2 + 3 + 2)
    assert q.one("numel q") == "'numel: not implemented for module"


def test_optimizer_and_loss_sizes(q):
    net = torch.nn.Linear(3, 2)
    opt = torch.optim.Adam(net.parameters())
    p = q.k.new(OptObj(opt, "adam", {}, None))
    q.s.interp.assign_global("o", p)
    assert q.one("size o") == "2"
    assert q.one("elements o") == "0"
    net(torch.randn(4, 3)).sum().backward()
    opt.step()
    assert q.one("elements o") == str(2 * 8)     # exp_avg and exp_avg_sq, not step
    assert q.one("tensorcount o") == "4"
    lm = torch.nn.CrossEntropyLoss(weight=torch.ones(5))
    lm.kname, lm.kopts = "ce", {}
    q.s.interp.assign_global("l", q.k.new(LossObj(lm)))
    assert q.one("elements l") == "5"
    assert q.one("class l") == "`loss"


def test_obj_table(q):
    q("t:tensor 1 2 3", "v:vector(1 2;3e)")
    q.module("m", torch.nn.Linear(2, 3))
    out = q("obj[]")
    assert out[0].split() == ["ptr", "class", "device", "dtype", "size", "elements", "bytes"]
    assert out[2].split()[1:] == ["tensor", "cpu", "long", ",3", "3", "24"]
    assert out[3].split()[1:] == ["vector", "cpu", "2", "3", "20"]
    assert out[4].split()[1:] == ["module", "cpu", "2", "9", "36"]
    assert q.one("exec class from obj[]") == "`tensor`vector`module"


def test_str_tensor(q):
    assert q.one("str tensor 1 2 3") == '" 1\\n 2\\n 3\\n[ CPULongType{3} ]"'
    q("-2 str tensor(1.5 2 3e;`double);")
    assert q("-1 str tensor (1 2;3 4);") == [" 1 2", " 3 4", "[ CPULongType{2,2} ]"]
    assert q("-1 str tensor 0.5e;") == ["0.5000", "[ CPUFloatType{} ]"]
    assert q("-1 str tensor 2 2 2#til 8;")[:3] == ["(1,.,.) =", " 0 1", " 2 3"]


def test_device(q):
    want = "`cuda" if torch.cuda.is_available() else "`cpu"
    assert q.one("device[]") == want
    assert q.one("device()") == want
    q("t:tensor 1 2", "v:vector(1;2)", "d:dict `a`b!1 2")
    assert q.one("device t") == "`cpu"
    assert q.one("device v") == "`cpu`cpu"
    assert q("device d") == ["a| cpu", "b| cpu"]
    q.module("m", torch.nn.Linear(2, 3))
    assert q.one("device m") == "`cpu"


@pytest.mark.skipif(torch.cuda.is_available(), reason="CPU-only expectations")
def test_cudadevices_cpu(q):
    assert q.one("cudadevices()") == "`symbol$()"
    assert q.one("cudadevices[]") == "0"
    assert q.one("cudadevice()").startswith("'cudadevice:")


def test_settings(q):
    keys = ("mkl openmp threads interopthreads mps cuda magma cudnn cudnnversion cudadevices "
            "benchmark deterministic cudnndeterministic stackframe alloptions complexfirst")
    assert list(q.eval("key setting()").a) == keys.split()
    assert q.one("setting`threads") == str(torch.get_num_threads())
    assert q.one("setting`alloptions") == "1b"
    q("setting(`alloptions;0b)")
    assert q.one("setting`alloptions") == "0b"
    assert q.k.settings["alloptions"] is False
    q("setting`alloptions,1b")
    assert q.k.settings["alloptions"] is True
    assert q.one("setting(`cuda;1b)") == "'setting: cannot set flag for cuda"
    assert q.one("setting`foo").startswith("'setting: unrecognized setting")
    n = torch.get_num_threads()
    q("setting(`threads;1)")
    assert torch.get_num_threads() == 1
    torch.set_num_threads(n)
    q("setting(`deterministic;1)")
    assert q.one("setting`deterministic") == "1"
    q("setting(`deterministic;0)")
    assert not torch.are_deterministic_algorithms_enabled()


def test_seed_and_sync(q):
    q("seed 42", "a:tensor(`randn;5)", "seed 42", "b:tensor(`randn;5)")
    assert q.one("(tensor a)~tensor b") == "1b"
    torch.manual_seed(42)
    assert q.k.handles.get(q.eval("a")).t.equal(torch.randn(5))
    assert q("sync()") == []
    assert q("sync 1") == []


def test_to_and_copyto(q):
    q("t:tensor 1 2 3", "to(t;`double)")
    assert q.one("dtype t") == "`double"
    q("to(t;`cpu`float`grad)")
    assert q.one("gradient t") == "`grad"
    q("e:tensor 1 2h", "to(t;e)")
    assert q.one("dtype t") == "`short"
    q("v:vector(1 2;3 4e)", "to(v;`double)")
    assert q.one("dtype v") == "`double`double"
    q("c:copyto(e;`long)")
    assert q.one("dtype c") == "`long"
    assert q.one("dtype e") == "`short"
    assert q.one("to(t;`foo)") == "'to: unrecognized tensor option: foo"


def test_to_module_keeps_parameter_identity(q):
    net = torch.nn.Linear(2, 3)
    w = net.weight
    q.module("m", net)
    q("to(m;`double)")
    assert net.weight is w and w.dtype == torch.float64
    assert q.one("dtype m") == "`double"


def test_to_model_not_implemented(q):
    class Fake:
        kind = "model"
    q.s.interp.assign_global("m", q.k.new(Fake()))
    assert q.one("to(m;`double)") == "'to: not implemented for model"


def test_device_option_decides_device():
    """--device cpu|cuda is what device[] answers (the command files move models there)."""
    from mnistrepl.q.host import BufferHost
    from mnistrepl.session import Session
    s = Session(BufferHost())
    s.options["device"] = "cuda"     # answered even on a machine without a GPU
    s.execute("device[]")
    assert s.host.text() == "`cuda\n"
