"""Lexer and literal rules (q-subset.md §2, §4.1)."""
import random

import numpy as np
import pytest

from mnistrepl.q.errors import QError
from mnistrepl.q.syntax.lexer import NAME, NUM, OP, STR, SYM, Lexer
from mnistrepl.q.values import B, X, H, I, J, E, F, C, S, P, M, D, N, U, V, T, Atom, Vec


def toks(src):
    return Lexer().tokens(src)


def val(src):
    """Value of a source text that is one literal token."""
    ts = toks(src)
    assert len(ts) == 1, ts
    return ts[0].value


@pytest.mark.parametrize("src,t,v", [
    ("42", -J, 42), ("-7", -J, -7), ("42j", -J, 42), ("42i", -I, 42), ("42h", -H, 42),
    ("3.5", -F, 3.5), ("3.", -F, 3.0), (".5", -F, 0.5), ("1e-05", -F, 1e-05),
    ("2.5e3", -F, 2500.0), ("2f", -F, 2.0), ("2.5f", -F, 2.5), ("2e", -E, 2.0),
    ("1.5e", -E, 1.5), ("1b", -B, True), ("0b", -B, False), ("0x2a", -X, 42), ("0x0", -X, 0),
    ("2024.05m", -M, 292), ("2024.05.01", -D, 8887), ("10:30", -U, 630),
    ("10:30:00", -V, 37800), ("10:30:00.000", -T, 37800000),
    ("0D00:00:01.500000000", -N, 1500000000),
    ("2024.05.01D10:30:00.000000000", -P, 8887 * 86400 * 10**9 + 37800 * 10**9),
])
def test_atoms(src, t, v):
    a = val(src)
    assert isinstance(a, Atom) and a.t == t and a.v == v


@pytest.mark.parametrize("src,t,null", [
    ("0N", -J, True), ("0Nj", -J, True), ("0Ni", -I, True), ("0Nh", -H, True),
    ("0Nd", -D, True), ("0Nt", -T, True), ("0Np", -P, True), ("0Nm", -M, True),
    ("0W", -J, False), ("0Wi", -I, False), ("0Wh", -H, False),
])
def test_integral_nulls_infinities(src, t, null):
    a = val(src)
    assert a.t == t
    info = np.iinfo(a.v.dtype)
    assert int(a.v) == (info.min if null else info.max)


def test_float_specials():
    assert np.isnan(val("0n").v) and val("0n").t == -F
    assert np.isnan(val("0Nf").v) and val("0Ne").t == -E
    assert val("0w").v == np.inf and val("-0w").v == -np.inf
    assert val("0We").t == -E and val("0We").v == np.inf
    assert val("-0W").v == -np.iinfo(np.int64).max


@pytest.mark.parametrize("src,t,items", [
    ("1 2 3", J, [1, 2, 3]), ("1 2 3h", H, [1, 2, 3]), ("1 2 3e", E, [1, 2, 3]),
    ("1 2 3f", F, [1, 2, 3]), ("1 2.5", F, [1, 2.5]), ("1 -2 3", J, [1, -2, 3]),
    ("1011b", B, [1, 0, 1, 1]), ("1 0 1b", B, [1, 0, 1]), ("0x00ff10", X, [0, 255, 16]),
    ("2024.01 2024.02m", M, [288, 289]), ("10:30 11:00", U, [630, 660]),
    ("2024.05.01 2024.05.02", D, [8887, 8888]),
])
def test_vectors(src, t, items):
    v = val(src)
    assert isinstance(v, Vec) and v.t == t
    assert v.a.tolist() == items


def test_null_items_take_the_vector_type():
    v = val("0n 1 2h")
    assert v.t == H and v.a.tolist() == [-2**15, 1, 2]
    assert val("0N 1 2").t == J
    assert val("0n 1 2").t == F and val("0w 1").t == F


def test_minus_rule():
    assert [t.kind for t in toks("x-1")] == [NAME, OP, NUM]
    assert [t.kind for t in toks("x -1")] == [NAME, NUM]
    assert toks("3 -1")[0].value.a.tolist() == [3, -1]
    assert [t.kind for t in toks("3-1")] == [NUM, OP, NUM]
    assert [t.kind for t in toks("(1)-1")][-2:] == [OP, NUM]
    assert [t.kind for t in toks("x[0]-1")][-2:] == [OP, NUM]


def test_names_and_comments():
    assert [(t.kind, t.text) for t in toks("a_b")] == [(NAME, "a_b")]
    assert [t.text for t in toks(".z.f")] == [".z.f"]
    assert toks("/ all comment") == []
    assert [t.text for t in toks("1+2 / c")] == ["1", "+", "2"]
    assert [t.text for t in toks("+/ 1 2")] == ["+", "/", "1 2"]


def test_strings_and_escapes():
    assert val('"a"').t == -C
    assert val('""').t == C and len(val('""').a) == 0
    assert bytes(val(r'"a\tb\n\r\"\\"').a) == b'a\tb\n\r"\\'
    assert int(val(r'"\101"').v) == 65
    assert bytes(val('"é"').a) == "é".encode()


def test_symbols():
    assert val("`abc").v == "abc" and val("`").v == ""
    v = val("`a``c")
    assert v.t == S and list(v.a) == ["a", "", "c"]
    assert val("`:data/mnist").v == ":data/mnist"
    assert val("`a.b_c:d/e").v == "a.b_c:d/e"


def test_unbalanced_quote():
    with pytest.raises(QError) as e:
        toks('"abc')
    assert str(e.value).strip("'") == '"'


def test_lexer_errors_are_qerrors():
    rng = random.Random(7)
    alphabet = "0123456789.:-+ xbhijefDmNnWw`\"\\/_abc()[]{};'"
    for _ in range(5000):
        src = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
        try:
            toks(src)
        except QError:
            pass
