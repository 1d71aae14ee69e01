"""read0 read1 hsym rand, .Q.f/.Q.fmt edge cases, and the no-Python-exception rule for
the keywords of q-subset.md §6."""
import itertools

import pytest

from mnistrepl.q.errors import QError
from mnistrepl.q.host import BufferHost
from mnistrepl.q.interp import Interp
from mnistrepl.q.output.display import compact


@pytest.fixture
def q():
    interp = Interp(BufferHost())
    return lambda src: compact(interp.eval(src))


def test_read0_lines_lf_and_crlf(q, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    f = tmp_path / "a.txt"
    f.write_bytes(b"ab\r\ncd\n\nef\n")
    assert q('read0 `:' + f.name) == '("ab";"cd";"";"ef")'


def test_read0_no_trailing_newline(q, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    f = tmp_path / "b.txt"
    f.write_bytes(b"x\ny")
    assert q('read0 `:' + f.name) == '(,"x";,"y")'


def test_read1_bytes(q, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    f = tmp_path / "c.bin"
    f.write_bytes(bytes([0, 255, 16]))
    assert q('read1 `:' + f.name) == "0x00ff10"


def test_missing_file_error(q, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(QError) as e:
        q("read0 `:nosuch.txt")
    assert e.value.name == "nosuch.txt. OS reports: No such file or directory"


def test_hsym(q):
    assert q("hsym `a") == "`:a"
    assert q("hsym `a`:b") == "`:a`:b"


def test_rand(q):
    assert q("type rand 10") == "-7h"
    assert q("(rand 10) within 0 9") == "1b"
    assert q("(rand `a`b`c) in `a`b`c") == "1b"
    assert q("type rand 1.0") == "-9h"


@pytest.mark.parametrize("src,want", [
    (".Q.f[2;3.14159]", '"3.14"'),
    (".Q.f[2;0.5]", '"0.50"'),
    (".Q.f[2;-0.0001]", '"-0.00"'),
    (".Q.f[2;9.996]", '"10.00"'),
    (".Q.f[2;7817047037.90]", '"7817047037.90"'),
    (".Q.f[2;0n]", '""'),
    (".Q.f[1;3]", '"3.0"'),
    (".Q.fmt[8;3;3.14159]", '"   3.142"'),
    (".Q.fmt[3;2;123.4]", '"***"'),
])
def test_q_f(q, src, want):
    assert q(src) == want


VALUES = ["1", "-2 0 5", "1.5 0n", "1b", "0x0f", "\"ab\"", "`a`b", "`s", "()", "(1;`a)",
          "`a`b!1 2", "([]a:1 2)", "2024.05.01", "{x}", "::", "(1 2;3 4)",
          "0N", "-0w", "`long$()", "\"\"", "1 2 3h", "\"a\"", "0 1 0 1b", "([k:1 2]v:3 4)",
          "0x0", "0b", "`", "10", "-3", "0", "2 0N", "`:a/b.c", "\"a*\""]
UNARY = ("abs neg sqrt exp log sin cos tan asin acos atan reciprocal floor ceiling signum "
         "sum prd max min avg med count first last all any sums prds maxs mins deltas fills "
         "til reverse enlist raze distinct where group flip next prev asc desc iasc idesc "
         "type key value null not string lower upper trim ltrim rtrim hsym cols").split()
BINARY = ("xexp div mod and or wavg wsum sublist cut cross except inter union in within "
          "like ss sv vs xasc xdesc").split()


@pytest.mark.parametrize("word", UNARY)
def test_unary_never_leaks_python_errors(word):
    interp = Interp(BufferHost())
    for v in VALUES:
        try:
            interp.eval(f"{word} {v}")
        except QError:
            pass


@pytest.mark.parametrize("word", BINARY)
def test_binary_never_leaks_python_errors(word):
    interp = Interp(BufferHost())
    for a, b in itertools.product(VALUES, VALUES):
        try:
            interp.eval(f"{word}[{a};{b}]")
        except QError:
            pass
