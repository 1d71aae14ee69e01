"""The `q)` examples in docstrings are true: each docstring's examples run in order in one
fresh Session, and the console output must match the lines under each `q)` line exactly
(the expected lines end at a blank line or the next `q)` line)."""
import ast
import importlib.util
import textwrap
from pathlib import Path

import pytest

from mnistrepl.q.host import BufferHost
from mnistrepl.session import Session

PACKAGE = Path(__file__).resolve().parent.parent / "mnistrepl"
HAS_TORCH = importlib.util.find_spec("torch") is not None
# Docstrings that sketch a session rather than give examples: ktorch's build on names
# made elsewhere (q, m, d) and join this test when written as examples; the front ends'
# show keystrokes (<Tab>, a continued entry), not console output.
ILLUSTRATIVE = ("ktorch", "ui")


def examples(doc):
    """[(input, expected lines)] of one docstring, in order."""
    out, lines = [], textwrap.dedent(doc).splitlines()
    for line in (l.strip() for l in lines):
        if line.startswith("q)"):
            out.append((line[2:], []))
        elif out and line and out[-1] is not None:
            out[-1][1].append(line)
        elif out and not line:
            out.append(None)
    return [e for e in out if e is not None]


def docstrings(path):
    tree = ast.parse(path.read_text())
    nodes = [tree] + [n for n in ast.walk(tree)
                      if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
    for n in nodes:
        doc = ast.get_docstring(n, clean=False)
        if doc and "q)" in doc:
            found = examples(doc)
            if found:
                yield getattr(n, "name", "module"), found


def cases():
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent)
        for name, found in docstrings(path):
            yield pytest.param(path, found, id=f"{rel}:{name}")


@pytest.mark.parametrize("path,found", list(cases()))
def test_docstring_examples(path, found):
    parts = path.relative_to(PACKAGE).parts
    if parts[0] in ILLUSTRATIVE:
        pytest.skip("illustrative session, not examples")
    if parts[0] == "ktorch" and not HAS_TORCH:
        pytest.skip("needs torch")
    host = BufferHost()
    session = Session(host)
    for src, want in found:
        start = len(host.text())
        session.execute(src)
        got = host.text()[start:].splitlines()
        assert got == want, f"q){src}"


def test_examples_are_found():
    assert examples("x\n    q)1+1\n    2\n\n    q)til 3\n    0 1 2\n") == [
        ("1+1", ["2"]), ("til 3", ["0 1 2"])]
    assert len(list(cases())) >= 10
