"""Issue 13 item 10: api argument errors say what the user did wrong in q terms, never
Python's text ("takes 2 positional arguments", "invalid literal for int()")."""
import pytest

PYTHON_TEXT = ("positional argument", "invalid literal", "int()", "()")

SETUP = ("m:module enlist(`linear;2;3)", "n:module enlist(`linear;2;3)", "l:loss`mse", "o:opt(`sgd;n)",
         "M:model(n;l;o)", "r:module enlist(`lstm;2;3)")


def error_of(q, line):
    out = q(*SETUP, line)[-1]
    assert out and out[0].startswith("'"), out
    assert not any(t in out[0] for t in PYTHON_TEXT), out[0]
    return out[0]


@pytest.mark.parametrize("fn", ["forward", "nforward", "eforward", "evaluate"])
def test_too_many_inputs_name_the_module_and_count(q, fn):
    assert error_of(q, f"{fn}(m;1 2e;3 4e)") == f"'{fn}: linear expects 1 input, given 2"


def test_an_optional_input_gives_a_range(q):
    assert error_of(q, "forward(r;1 2e;3 4e;5 6e;7 8e)") \
        == "'forward: lstm expects 1-3 inputs, given 4"


def test_model_shuffle_with_a_symbol_dim(q):
    assert error_of(q, "shuffle(M;`a)") == "'shuffle: dim expects a long integer, given symbol"
    assert error_of(q, "shuffle(M;0;1)") == "'shuffle: expecting model, with optional dim"


def test_right_inputs_still_run(q):
    out = q(*SETUP, "count evaluate(m;1 2e)")[-1]
    assert out == ["3"]
