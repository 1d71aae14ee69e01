"""Values that grow and change in place (q/inplace.py): `x,:y`, `x[i]:y`, `@[`x;i;:;y]`,
`.[`x;..]` write into a vector that one variable holds alone, and copy one that anything
else holds (another name, a list, a dictionary, a lambda's frame or argument, a constant),
so that sharing is never broken. Complexity is checked by counting buffer growths, never
by timing."""
import pytest

from mnistrepl.q.host import BufferHost
from mnistrepl.q.interp import Interp


@pytest.fixture
def q():
    return Interp(BufferHost())


def holds(q, src, expected):
    """Run src, then check the q expression `expected` is true (1b)."""
    q.eval(src)
    assert bool(q.eval(expected).v), f"{src} -> not {expected}"


@pytest.mark.parametrize("src,expected", [
    ("a:b:til 5; a,:9", "(b~til 5) and a~0 1 2 3 4 9"),
    ("a:b:til 5; a,:9 10", "(b~til 5) and a~0 1 2 3 4 9 10"),
    ("a:til 5; a,:5; b:a; a,:6", "(b~til 6) and a~til 7"),
    ("a:til 5; b:a; b,:7; a,:6", "(a~0 1 2 3 4 6) and b~0 1 2 3 4 7"),
    ("a:b:til 5; a[1]:9", "(b~til 5) and a~0 9 2 3 4"),
    ("a:b:til 5; a[1 2]:9", "(b~til 5) and a~0 9 9 3 4"),
    ("a:b:til 5; a[1]+:9", "(b~til 5) and a~0 10 2 3 4"),
    ("a:b:til 5; @[`a;1;:;9]", "(b~til 5) and a~0 9 2 3 4"),
    ("a:b:til 5; @[`a;1 2;+;10]", "(b~til 5) and a~0 11 12 3 4"),
    ("a:b:til 5; .[`a;enlist 1;:;9]", "(b~til 5) and a~0 9 2 3 4"),
    ("a:til 5; l:(a;1); a,:9; a[0]:7", "(l~(til 5;1)) and a~7 1 2 3 4 9"),
    ("a:til 5; d:(1#`k)!enlist a; a[0]:7; a,:5", "(d~(1#`k)!enlist til 5) and a~7 1 2 3 4 5"),
    ("a:til 3; f:{x,:9; x[0]:7; x}; r:f a", "(a~til 3) and r~7 1 2 9"),
    ("a:til 3; p:{x,y}[a]; a,:5; a[0]:8", "(p 1)~0 1 2 1"),
    ("f:{r:1 2 3; r,:4; r[0]:9; r}; f[]", "(f[]~9 2 3 4) and f[]~9 2 3 4"),
    ("f:{a:x; a,:1; a[0]:5; (a;x)}; r:f 10 20", "r~(5 20 1;10 20)"),
    ("a:til 4; b:2#a; a[0]:9", "(b~0 1) and a~9 1 2 3"),
    ("a:1 2 3; a,:a", "a~1 2 3 1 2 3"),
    ("a:1 2 3; a,:a; a,:a", "a~1 2 3 1 2 3 1 2 3 1 2 3"),
    ("s:`a`b; s,:`c; t:s; s,:`d", "(t~`a`b`c) and s~`a`b`c`d"),
    ("s:\"ab\"; s,:\"c\"; t:s; s[0]:\"z\"", "(t~\"abc\") and s~\"zbc\""),
    ("m:(1 2;3 4); r:m 0; r[0]:9; r,:5", "(m~(1 2;3 4)) and r~9 2 5"),
    ("x:asc 3 1 2; x,:0", "(x~1 2 3 0) and not `s=attr x"),
    ("a:til 3; a,:3; b:a; a[0]:9", "(b~til 4) and a~9 1 2 3"),
    ("a:til 3; a,:3; b:a; a,:4", "(b~til 4) and a~til 5"),
    ("a:b:til 5; a[1i]:9; a[2h]:8", "(b~til 5) and a~0 9 8 3 4"),
    ("a:til 5; f:{x[0]:7; x}; r:f a; a[1]:9", "(r~7 1 2 3 4) and a~0 9 2 3 4"),
    ("a:til 3; do[3; a,:1]; c:a; do[2; a[0]:5]", "(c~0 1 2 1 1 1) and a~5 1 2 1 1 1"),
    ("t:([] a:1 2 3); x:exec a from t; x[0]:9; x,:4", "(t~([] a:1 2 3)) and x~9 2 3 4"),
    ("t:([] a:1 2 3); update c:a from `t; u:t`c; u[0]:9",
     "(t~([] a:1 2 3; c:1 2 3)) and u~9 2 3"),
    ("t:([] a:1 2 3); f:{r:exec a from x; r[0]:-1; r,:7; r}; z:f t",
     "(z~-1 2 3 7) and t~([] a:1 2 3)"),
])
def test_sharing_is_never_broken(q, src, expected):
    holds(q, src, expected)


@pytest.mark.parametrize("src,expected", [
    ("a:til 3; do[2000; a,:7]; b:a; a,:8", "(b~(til 3),2000#7) and a~(til 3),(2000#7),8"),
    ("a:til 3; do[5; a,:7]; c:count a; a[0]:9", "(c=8) and a~9 1 2 7 7 7 7 7"),
    ("a:0#0; do[3000; a,:count a]", "a~til 3000"),
    ("a:0#0.; do[1500; a,:1.5]; a,:0n", "(1501=count a) and (a[1499]=1.5) and null last a"),
    ("s:0#`; do[1100; s,:`ab]; s,:`c`d", "(s~(1100#`ab),`c`d) and 11h=type s"),
    ("c:\"\"; do[3; c,:\"x\"]; d:c; c,:\"y\"", "(d~\"xxx\") and c~\"xxxy\""),
    ("a:til 2; do[3; a,:5]; l:(a;0); a,:6", "(l~(0 1 5 5 5;0)) and a~0 1 5 5 5 6"),
    ("a:til 2; a,:5; a,:6 7; a,:8", "a~0 1 5 6 7 8"),
    ("a:asc 3 1 2; a,:4; a,:5", "(a~1 2 3 4 5) and not `s=attr a"),
    ("f:{r:0#0; do[x; r,:1]; r,:2; (r;count r)}; z:f 1030", "z~((1030#1),2;1031)"),
])
def test_appended_atoms_read_back(q, src, expected):
    """Atoms appended one by one (held in a Python list until the vector is read) read
    back in order, whatever reads them next."""
    holds(q, src, expected)


def test_failed_append_keeps_the_atoms_before_it(q):
    q.eval("a:til 2; a,:2; a,:3")
    with pytest.raises(Exception):
        q.eval("a,:`x")
    assert bool(q.eval("a~0 1 2 3").v)


def test_local_vector_grows_in_its_frame(q):
    holds(q, "f:{r:(); do[x; r,:1]; r}; a:f 100; b:f 3", "(a~100#1) and b~1 1 1")


def test_errors_leave_the_value_unchanged(q):
    q.eval("a:til 3")
    for bad in ("a,:`x", "a[5]:1", "a[0]:`x", "@[`a;7;:;1]"):
        with pytest.raises(Exception):
            q.eval(bad)
    assert bool(q.eval("a~til 3").v)


def test_read_only_vector_is_copied_on_amend(q):
    """A vector over a read-only array (a file's bytes) is amended into a copy."""
    q.eval("a:til 3")
    q.globals["a"].a.flags.writeable = False     # (no reference kept: the vector is alone)
    q.eval("a[0]:9")
    assert bool(q.eval("a~9 1 2").v) and q.globals["a"].a.flags.writeable


def growth_work(q, n):
    """Items allocated by the buffer growths of n appends to one variable (counted, not
    timed); the vector object must stay the same one throughout (no copy per append)."""
    q.eval("x:0#0")
    q.eval("x,:0")
    first, capacities = id(q.globals["x"]), []
    for _ in range(n):
        q.eval("x,:1")
        cap = len(q.globals["x"].buf)
        if not capacities or capacities[-1] != cap:
            capacities.append(cap)
    assert id(q.globals["x"]) == first and len(q.globals["x"].a) == n + 1
    return sum(capacities)


def test_append_is_amortised_constant(q):
    small, big = growth_work(q, 1000), growth_work(q, 4000)
    assert big <= 5 * small and big <= 4 * 4001


def test_amend_writes_in_place(q):
    q.eval("x:til 100000")
    first = id(q.globals["x"])
    q.eval("do[100; x[5]:1]; do[100; @[`x;6;:;2]]; do[100; x[7 8]+:1]")
    assert id(q.globals["x"]) == first
    assert bool(q.eval("(x 5 6 7 8 9)~1 2 107 108 9").v)


def test_raze_joins_once(q, monkeypatch):
    """raze and ,/ join many vectors with one concatenate, not one join per item."""
    import mnistrepl.q.prims.join as join_mod
    calls = []
    real = join_mod.join
    monkeypatch.setattr(join_mod, "join", lambda x, y: calls.append(1) or real(x, y))
    holds(q, "r:raze 1000#enlist 1 2; s:,/[1000#enlist 1 2]", "(r~2000#1 2) and r~s")
    holds(q, "r:raze (1 2;`a;3.0)", "r~(1;2;`a;3.0)")
    assert calls == []
