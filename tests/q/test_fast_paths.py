"""The interpreter's quick paths give what its general paths give: a unary lambda whose body
is long arithmetic of its argument and constants (`{x+1}`, `{x*x}`) iterated on the values
alone (interp.long_kernel), and one whose body is any primitive of its argument run
without a call's bookkeeping (interp.unary_caller), with the same error where it fails.
Each is checked against the same body behind a first statement (`{x; x+1}`), which takes
the general path."""
import pytest

from mnistrepl.q.errors import QError
from mnistrepl.q.host import BufferHost
from mnistrepl.q.interp import Interp

BODIES = ["x+1", "x-7", "3-x", "x*x", "2*x", "x+x", "x-x", "x+0N", "0N*x", "x*-0W"]
LONGS = "0N 0 1 -1 7 0W -0W 3037000500 -3037000499 4611686018427387904 -9223372036854775807"


@pytest.fixture
def q():
    return Interp(BufferHost())


def same(q, fast, general):
    r = q.eval(f"({fast})~{general}")
    assert bool(r.v), f"{fast} differs: {q.eval(fast)!r} vs {q.eval(general)!r}"


@pytest.mark.parametrize("body", BODIES)
def test_long_kernel_gives_the_general_value(q, body):
    q.eval(f"f:{{{body}}}; g:{{x; {body}}}; v:{LONGS}")
    assert q.long_kernel(q.globals["f"]) is not None
    assert q.long_kernel(q.globals["g"]) is None
    same(q, "f each v", "g each v")
    same(q, "f each 0#0", "g each 0#0")
    for seed in LONGS.split():
        for n in (0, 1, 5):
            same(q, f"f/[{n};{seed}]", f"g/[{n};{seed}]")


@pytest.mark.parametrize("body,arg", [
    ("x+1", "1 2 3i"), ("x*x", "1.5 0n -2"), ("x+1", "(1;2.5;3)"), ("2*x", "1b"),
    ("x-1", "2024.01.01 2024.02.01"), ("x*1.5", "10"), ("x+1", "0#0"),
])
def test_other_types_take_the_general_values(q, body, arg):
    q.eval(f"f:{{{body}}}; g:{{x; {body}}}")
    same(q, f"f each {arg}", f"g each {arg}")
    same(q, f"f/[3;{arg}]", f"g/[3;{arg}]")
    same(q, f"f\\[3;{arg}]", f"g\\[3;{arg}]")


@pytest.mark.parametrize("src", [
    "{x+`a} each 1 2", "{x+`a}/[3;1]", "{x*x}/[3;`a]", "{x+1} each (1;2.5;`a)",
])
def test_a_failing_quick_body_fails_as_a_call(q, src):
    """The error of the quick path is the full call's: located in the lambda, at its depth."""
    with pytest.raises(QError) as quick:
        q.eval(src)
    lam = src[:src.index("}") + 1]
    with pytest.raises(QError) as call:
        q.eval(f"{lam} `a")
    e, f = quick.value, call.value
    assert (e.name, e.pos, e.depth, e.lam.src) == (f.name, f.pos, f.depth, f.lam.src) == \
        ("type", f.pos, 1, lam)


def test_quick_paths_stop_on_ctrl_c(q):
    """Ctrl-C (a stop request) is seen between blocks of steps: 'stop, not the whole loop."""
    steps = []
    real = q.check_stop

    def stop_soon():
        steps.append(1)
        if len(steps) == 3:
            q.request_stop()
        real()
    q.check_stop = stop_soon
    for src in ("{x+1}/[100000000;0]", "{x*x} each til 10000000"):
        steps.clear()
        with pytest.raises(QError, match="stop"):
            q.eval(src)
        assert len(steps) == 3


@pytest.mark.parametrize("op", ["+", "-", "*"])
@pytest.mark.parametrize("values", ["0n 0w -0w 0 -0.0 1.5 -2.25 1e308 1e-308",
                                    "0N 0W -0W 0 1 -1 3037000500 9223372036854775806"])
def test_atom_arithmetic_is_the_vectors(q, op, values):
    """Atoms of one type take a quick path in + - *: each pair gives what the same pair
    gives as one-item vectors (the general path)."""
    q.eval(f"v:{values}")
    r = q.eval(f"all raze {{[a;b] (a{op}b)~first (enlist a){op}enlist b}}'[v] each v")
    assert bool(r.v)
