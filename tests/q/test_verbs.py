"""Operators (q-subset.md §4.3-§5.4, §8): promotion, vectorised paths, find, limits."""
import numpy as np
import pytest

from mnistrepl.q.prims import atomic
from mnistrepl.q.errors import QError
from mnistrepl.q.host import BufferHost
from mnistrepl.q.interp import Interp
from mnistrepl.q.values import Atom, Vec, J, F, I, long


@pytest.fixture
def q():
    interp = Interp(BufferHost())
    return interp.eval


def test_atom_fast_path_keeps_long():
    r = atomic.add(long(2), long(3))
    assert isinstance(r, Atom) and r.t == -J and r.v == 5
    assert atomic.sub(long(2), long(3)).v == -1
    assert atomic.mul(long(4), Atom(-J, np.int64(-2**63))).v == -2**63   # null stays null


@pytest.mark.parametrize("src,t,dtype", [
    ("(til 5)+1", J, np.int64), ("(til 5)*2.5", F, np.float64), ("1 2i+3i", I, np.int32),
    ("1b+101b", I, np.int32), ("(til 5)%2", F, np.float64),
])
def test_vector_results_are_numpy(q, src, t, dtype):
    r = q(src)
    assert isinstance(r, Vec) and r.t == t and r.a.dtype == dtype


def test_wraparound_and_null(q):
    assert q("0W+1").v == -2**63                  # wraps onto the null pattern: 0N
    assert q("0Wi+1i").v == -2**31
    assert q("2147483647i+0Ni").v == -2**31
    r = q("1 0N 3*2")
    assert r.a.tolist() == [2, -2**63, 6]


def test_find_matches_naive(q):
    for src in ("1000?50", "1000?5.0", "1000?`a`b`c`d"):
        x = q(src)
        y = q(src)
        got = _find(q, x, y)
        xs, ys = x.a.tolist(), y.a.tolist()
        want = [xs.index(v) if v in xs else len(xs) for v in ys]
        assert got == want


def _find(q, x, y):
    from mnistrepl.q.prims.shape import find
    return find(x, y).a.tolist()


def test_find_float_nulls(q):
    assert q("1.5 0n 2?0n 2 7").a.tolist() == [1, 2, 3]


@pytest.mark.parametrize("src,err", [
    ("0Wi#1b", "wsfull"), ("0W#1 2", "limit"), ("-1 2#til 3", "domain"), ("1 2+1 2 3", "length"),
    ("([]a:1),([]b:2)", "mismatch"), ("-6?5", "length"), ("\"a\"+`b", "type"),
    ("(`a`b!1 2)+([]a:1 2)", None), ("@[10 20;5;:;1]", "index"), ("`a`b!1 2 3", "length"),
    ("1 2 3?`a", None), ("`x$1", "type"), ("\"s\"$1", "type"), ("0 1 0N _ til 3", "domain"),
])
def test_errors(q, src, err):
    if err is None:
        try:
            q(src)
        except QError:
            pass
        return
    with pytest.raises(QError) as e:
        q(src)
    assert e.value.name == err


def test_amend_vector_in_place_is_vectorised(q):
    q("v:til 1000000")
    r = q("@[v;0 1 2;+;10]")
    assert isinstance(r, Vec) and r.a[:4].tolist() == [10, 11, 12, 3]
    assert q("v 0").v == 0                           # the value itself is unchanged


def test_amend_named_global(q):
    q("x:1 2 3")
    assert q("@[`x;0;:;9]").v == "x"
    assert q("x").a.tolist() == [9, 2, 3]


@pytest.mark.parametrize("src", ["t[`a],:4", "t[`a]:5 6 7", "t[`c]:1 2 3", "@[`t;`a;,;4]",
                                 "t[`c]:{x}"])
def test_amend_table_column_keeps_the_table(q, src):
    """A column amended to another length is 'length, as in q ('type if not a list),
    and the table stays as it was (once, `t[`a],:4` left a table that no longer showed)."""
    q("t:([]a:1 2;b:3 4)")
    with pytest.raises(QError) as e:
        q(src)
    assert e.value.name == ("type" if "{" in src else "length")
    assert q("t").names == ["a", "b"] and q("t`a").a.tolist() == [1, 2]
    q("t[`a]:9")                                          # an atom repeats: t stays a table
    assert q("t`a").a.tolist() == [9, 9]


def test_trap_gives_message(q):
    r = q("@[{x+`a};1;{x}]")
    assert bytes(r.a) == b"type"


def test_join_atoms_and_vectors(q):
    r = q("1,2 3")
    assert isinstance(r, Vec) and r.a.tolist() == [1, 2, 3]
    assert q("`a,`b").a.tolist() == ["a", "b"]
    assert q("(`a`b!1 2),`b`c!3 4").v.a.tolist() == [1, 3, 4]


def test_keyed_table_upsert(q):
    r = q("([k:1 2]v:10 20),([k:2 3]v:200 300)")
    assert r.k.cols[0].a.tolist() == [1, 2, 3]
    assert r.v.cols[0].a.tolist() == [10, 200, 300]


def test_cast_temporal(q):
    assert q('"d"$2024.05.01D23:59:59.000000000').v == q("2024.05.01").v
    assert q('"u"$10:30:59').v == 630
    assert q('"n"$00:00:01.000').v == 10**9
    assert q('"j"$0Nd').v == -2**63


def test_reshape_matrix(q):
    r = q("2 3#til 6")
    assert [i.a.tolist() for i in r.items] == [[0, 1, 2], [3, 4, 5]]
    r = q("2 2 2#til 8")
    assert [[j.a.tolist() for j in i.items] for i in r.items] == [[[0, 1], [2, 3]], [[4, 5], [6, 7]]]
