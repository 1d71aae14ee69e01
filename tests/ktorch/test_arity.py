"""A forward or backward call with the wrong number of inputs names the module and what it
takes, before torch sees the inputs; the right counts still run."""
import pytest

G = "g:module seq(`sequential;(`convtranspose2d;100;256;4);`relu)"
J = ("q:module((0;`sequential);(1;`seqjoin);(2;`sequential);(2;`sequential);"
     "(3;(`embed;10;10));(3;(`reshape;-1 10 1 1));(2;(`cat;1)))")


@pytest.mark.parametrize("setup,call,msg", [
    (G, "forward(g;z;z)", "'forward: sequential expects 1 input, given 2"),
    (G, "evaluate(g;z;z)", "'evaluate: sequential expects 1 input, given 2"),
    (G + "\nm:model(g;loss`bce;opt(`adam;g))", "backward(m;(z;z);tensor(`zeros;2))",
     "'backward: sequential expects 1 input, given 2"),
    (J, "forward(q;z;1 2;3)", "'forward: sequential expects 1-2 inputs, given 3"),
    ("c:module enlist(`cat;1)", "forward(c;1 2e)", "'forward: cat expects 2 inputs, given 1"),
    ("r:module`recur\nmodule(r;1;(`lstm;`lstm;28;128;2;1b;1b))", "forward(r;1;2;3;4)",
     "'forward: recur expects 1-3 inputs, given 4")])
def test_wrong_count(q, setup, call, msg):
    q(*setup.split("\n"), "z:tensor(`randn;2 100 1 1)")
    assert q.one(call) == msg


def test_right_counts_run(q):
    q(G, J, "z:tensor(`randn;2 100 1 1)")
    assert q.one("size forward(g;z)") == "2 256 4 4"
    assert q.one("size forward(q;z;1 2)") == "2 110 1 1"
    assert q.one("size forward(q;`0.qy;1 2)") == "2 10 1 1"
