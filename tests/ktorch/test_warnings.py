"""Issue 13 item 11: torch's UserWarnings reach the user as one short line, once a session,
named by the api function, never with a site-packages path or source line."""
import warnings

from mnistrepl.ktorch.core.warn import brief

MISMATCH = "mse(1 2 3e;enlist 1 2 3e)"          # torch warns: target size differs


def test_a_torch_warning_is_one_line_naming_the_function(q, capfd):
    out = q(MISMATCH)
    warned = [l for l in out if "warning" in l]
    assert warned == ["mse: warning: Using a target size (torch.Size([1, 3])) that is "
                      "different to the input size (torch.Size([3]))."]
    assert out[-1] == "0e"                        # the result is still shown
    err = capfd.readouterr().err
    assert "site-packages" not in err and "UserWarning" not in err


def test_the_same_kind_of_warning_shows_once_a_session(q):
    outs = q(MISMATCH, "mse(1 2 3 4e;(1 2 3 4e;1 2 3 4e))", MISMATCH)
    assert sum("warning" in l for out in outs for l in out) == 1


def test_warnings_do_not_leak_to_python_after_the_call(q):
    q(MISMATCH)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.warn("outside")
    assert [str(w.message) for w in caught] == ["outside"]


def test_brief_keeps_the_first_sentence_and_cuts_paths():
    text = ("Found /usr/lib/python3/site-packages/torch/nn/x.py:12 odd. Please fix it.\n"
            "  second line")
    assert brief(text) == "Found x.py:12 odd."
    assert brief("") == "warning"
