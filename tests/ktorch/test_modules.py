"""`module` and introspection (ktorch-api.md 4.1, 4.2, 4.6, 4.7) through q."""
import torch


LINEAR3 = "module seq(`sequential; (`linear;784;800); `relu; (`linear;800;10))"
RECUR = ["q:module`recur", "module(q; 1; (`lstm; `lstm; 28; 128; 2; 1b; 1b))",
         "module(q; 1; `sequential);", "module(q; 2; (`select; `last; 1; -1))",
         "module(q; 2; (`linear; `decode; 128; 10))"]


def test_single_linear(q):
    q("q:module enlist(`linear;784;10)")
    assert q.one("elements q") == "7850"
    assert q.one("parmnames q") == "`weight`bias"
    assert q("-2 str q;") == ["torch::nn::Linear(in_features=784, out_features=10, bias=true)"]
    assert q("module q") == ["depth  | 0", "module | `linear", "name   | `",
                             "options| `in`out`bias!(784;10;1b)"]


def test_sequential_str_and_table(q):
    q("q:" + LINEAR3)
    assert q("-2 str q;") == [
        "torch::nn::Sequential(",
        "  (0): torch::nn::Linear(in_features=784, out_features=800, bias=true)",
        "  (1): torch::nn::ReLU()",
        "  (2): torch::nn::Linear(in_features=800, out_features=10, bias=true)",
        ")"]
    assert q.one("elements q") == "636010"
    out = q("module q")
    assert out[0].split() == ["depth", "module", "name", "options"]
    assert out[3].split() == ["1", "linear", "0", "`in`out`bias!(784;800;1b)"]
    assert q.one("parmnames q") == "`0.weight`0.bias`2.weight`2.bias"
    assert q.one("childnames q") == "`0`1`2"
    assert q.one("objtype q") == "`sequential"
    assert q.one("inputmodule q") == "`linear"
    assert q.one("outputmodule q") == "`linear"


def test_conv_seed_str(q):
    q("q:(`sequential; (`conv2d; 1;20;5); `relu; `drop; (`maxpool2d;2))",
      "q,:((`conv2d;20;50;5); `relu; `drop; (`maxpool2d;2); `flatten)",
      "q,:((`linear;800;500); `relu; `drop; (`linear;500;10))", "q:seq q")
    assert q("q")[:3] == ["`sequential", ",(`conv2d;1;20;5)", ",`relu"]
    q("q:module q")
    out = q("-2 str q;")
    assert len(out) == 15
    assert out[1] == "  (0): torch::nn::Conv2d(1, 20, kernel_size=[5, 5], stride=[1, 1])"
    assert out[4] == "  (3): torch::nn::MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1)"
    assert out[13] == "  (12): torch::nn::Linear(in_features=500, out_features=10, bias=true)"


def test_recur_build_and_names(q):
    q(*RECUR)
    assert q("-2 str q;") == [
        "knn::Recur(",
        "  (lstm): torch::nn::LSTM(input_size=28, hidden_size=128, num_layers=2, bias=true, "
        "batch_first=true, dropout=0, bidirectional=false)",
        "  (out): torch::nn::Sequential(",
        "    (last): knn::Select(dim=1,ind=-1)",
        "    (decode): torch::nn::Linear(in_features=128, out_features=10, bias=true)",
        "  )", ")"]
    assert q.one("names q") == "`lstm`out`out.last`out.decode"
    assert q.one("parmnames(q;`out)") == "`decode.weight`decode.bias"
    assert q.one("first parmnames q") == "`lstm.weight_ih_l0"
    assert q("moduletypes q")[0].split() == ["|", "recur"]


def test_depth_errors(q):
    q("r:module`sequential", "module(r;1;`relu)")
    assert q.one("module(r;3;`relu)") == "'relu: depth 3 above max depth of 1"
    assert q.one("module(r;0;`relu)") == "'relu: depth 0 below min depth of 1"
    q("l:module enlist(`linear;4;2)")
    assert q.one("module(l;1;`relu)") == "'unable to add a relu module as a child of a linear module"
    assert q.one("module((1;`sequential);(2;`relu))").startswith("'sequential: depth 1 above")
    assert q.one("module`foo") == "'unrecognized module type: `foo"
    assert q.one("module enlist(`sigmoid;1)") == "'sigmoid: no arguments expected, 1 given"


def test_depth_value_and_seqjoin(q):
    q("m:module((0;`sequential);(1;`seqjoin);(2;`sequential);(3;`relu);(2;`sequential);"
      "(3;(`linear;4;4));(2;(`cat;1));(1;(`linear;8;2)))")
    assert q.one("names m") == "`0`0.qx`0.qx.0`0.qy`0.qy.0`0.join`1"
    assert q.one("parmnames m") == "`0.qy.0.weight`0.qy.0.bias`1.weight`1.bias"
    assert q.one("{(count x;count first x)}evaluate(m;tensor(`randn;3 4))") == "3 2"
    assert q.one("module(m;1;`seqjoin)") == ""
    assert q.one("module(m;2;(`cat;1))") == "'seqjoin: at least one sequential layer must be defined first"


def test_seqjoin_errors(q):
    q("j:module`seqjoin", "module(j;1;`sequential)", "module(j;1;`sequential)")
    assert q.one("module(j;1;`sequential)") == "'seqjoin: both sequential layers already defined"
    q("module(j;1;(`cat;1))")
    assert q.one("module(j;1;(`cat;1))") == "'seqjoin: join layer already defined"


def test_recur_errors(q):
    q("r:module`recur", "module(r;1;(`gru;2;3))")
    assert q.one("module(r;1;(`lstm;2;3))") == "'recur: cannot add lstm module, gru module already defined"
    q("module(r;1;`sequential)")
    assert q.one("module(r;1;`sequential)").startswith("'recur: sequential module for output")


def test_tree_forms(q):
    assert q("seq`a`b`c") == ["`a", ",`b", ",`c"]
    assert q.one("seq()") == "'seq: empty list"
    q("t:(`sequential;enlist(`linear;4;3);,`relu)")
    assert q.one("count dv t") == "3"
    assert q.one("-3!last dv t") == "\"(1;`relu)\""
    assert q.one("t~tree dv t") == "1b"
    q("a:module t", "b:module dv t")
    assert q.one("(str a)~str b") == "1b"


def test_module_add_tree_and_pointer(q):
    q("q:module`sequential", "module(q;enlist(`linear;4;3))", "module(q;,`relu)")
    assert q.one("childnames q") == "`0`1"
    q("c:module enlist(`linear;3;2)", "module(q;c)")
    assert q.one("mapped c") == "0b"
    assert q.one("{(count x;count first x)}evaluate(q;tensor(`randn;5 4))") == "5 2"


def test_alloptions_and_rebuild(q):
    q("q:module seq(`sequential;(`conv2d;1;2;3;1;`same);(`batchnorm2d;2;1e-05;.05))")
    out = q("module(q;0b)")
    assert out[3].split()[-1] == "`in`out`size`pad!(1;2;3;`same)"
    assert out[4].split()[-1] == "`in`momentum!(2;0.05)"
    q("r:module module q")
    assert q.one("(str q)~str r") == "1b"
    q("s:module state q")
    assert q.one("(evaluate(q;x))~evaluate(s;x:tensor(`randn;1 1 4 4))") == "1b"


def test_parms_children_flags(q):
    q("q:" + LINEAR3)
    assert q.one("size parm(q;`0.bias)") == ",800"
    q("parm(q;`2.bias;10#1e)")
    assert q.one("tensor parm(q;`2.bias)") == "1 1 1 1 1 1 1 1 1 1e"
    assert q.one("class parms q") == "`dictionary"
    assert q.one("class child(q;`0)") == "`module"
    assert q.one("key children q") == "`0`1`2"
    assert q.one("training q") == "1b"
    q("training(q;0b)")
    assert q.one("training q") == "0b"
    q("freeze q")
    m = q.k.get(q.eval("q")).module
    assert not any(p.requires_grad for p in m.parameters())
    q("unfreeze q")
    assert all(p.requires_grad for p in m.parameters())
    q("c:clone q")
    assert q.one("(tensor parm(c;`2.bias))~tensor parm(q;`2.bias)") == "1b"
    assert q("parmtypes q")[0] == "0.weight| linear"


def test_buffers_batchnorm(q):
    q("q:module seq(`sequential;(`linear;4;3);(`batchnorm1d;3))")
    assert q.one("buffernames q") == "`1.running_mean`1.running_var`1.num_batches_tracked"
    assert q.one("class buffers q") == "`dictionary"


def test_module_of_model_and_help(q):
    net = torch.nn.Linear(2, 2)
    net.kname, net.kopts = "linear", {"in": 2, "out": 2, "bias": True}
    assert q("help`linear") == ["in  | 784", "out | 10", "bias| 1b"]
    assert q.one("first help`module") == "`sequential"
