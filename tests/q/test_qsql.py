"""qSQL (q-subset.md §10) and table construction (§9): results as values, grouping
helpers, and that malformed queries only ever raise QError."""
import numpy as np
import pytest

from mnistrepl.q.errors import QError
from mnistrepl.q.host import BufferHost
from mnistrepl.q.interp import Interp
from mnistrepl.q.output.display import compact
from mnistrepl.q.qsql.rows import group_rows, merge_column, spread
from mnistrepl.q.values import F, J, S, Atom, count, vec

T = "t:([]sym:`a`b`a`c;px:10 20 30 40;qty:1 2 3 4)"


@pytest.fixture
def q():
    i = Interp(BufferHost())
    i.eval_text(T)
    return i


def ev(q, src):
    return q.eval(src)


def same(q, src, expected):
    """src evaluates to the same value as the q expression `expected`."""
    assert q.eval(f"({src})~{expected}").v, src


def test_group_rows_sorted_ascending():
    keys = [vec(S, ["b", "a", "b", "c"])]
    firsts, groups = group_rows(None, keys, np.arange(4))
    assert firsts.tolist() == [1, 0, 3]
    assert [g.tolist() for g in groups] == [[1], [0, 2], [3]]


def test_group_rows_two_keys_and_floats_with_null():
    keys = [vec(J, [1, 1, 2, 1]), vec(F, [np.nan, 2.0, 0.0, np.nan])]
    _, groups = group_rows(None, keys, np.arange(4))
    assert [g.tolist() for g in groups] == [[0, 3], [1], [2]]


def test_spread_back_to_row_order():
    parts = [vec(J, [10, 30]), vec(J, [20])]
    r = spread(parts, [np.array([0, 2]), np.array([1])], 3)
    assert r.a.tolist() == [10, 20, 30]


def test_merge_new_column_gets_nulls():
    r = merge_column(None, vec(J, [5]), np.array([1]), 3)
    assert r.t == J and r.a[1] == 5 and r.a[0] == np.iinfo(np.int64).min


def test_merge_type_clash():
    with pytest.raises(QError, match="type"):
        merge_column(vec(J, [1, 2]), vec(F, [1.5]), np.array([0]), 2)


@pytest.mark.parametrize("src,expected", [
    ("select from t where px>15,qty<4", "([]sym:`b`a;px:20 30;qty:2 3)"),
    ("select px by sym from t", "([sym:`a`b`c]px:(10 30;enlist 20;enlist 40))"),
    ("select c:count i by sym from t", "([sym:`a`b`c]c:2 1 1)"),
    ("select by sym from t", "([sym:`a`b`c]px:30 20 40;qty:3 2 4)"),
    ("select i from t where px>15", "([]x:1 2 3)"),
    ("select px,px from t", "([]px:10 20 30 40;px1:10 20 30 40)"),
    ("exec px from t", "10 20 30 40"),
    ("exec px by sym from t", "`a`b`c!(10 30;enlist 20;enlist 40)"),
    ("exec n:count i by g:sym from t", "([g:`a`b`c]n:2 1 1)"),
    ("exec a:px from t", "enlist[`a]!enlist 10 20 30 40"),
    ("update v:px*qty from t where sym=`a", "([]sym:`a`b`a`c;px:10 20 30 40;qty:1 2 3 4;v:10 0N 90 0N)"),
    ("update n:count i by sym from t", "([]sym:`a`b`a`c;px:10 20 30 40;qty:1 2 3 4;n:2 1 2 1)"),
    ("delete from t where px>15", "([]sym:enlist`a;px:enlist 10;qty:enlist 1)"),
    ("delete px,qty from t", "([]sym:`a`b`a`c)"),
    ("select from t where px=(max;px) fby sym", "([]sym:`b`a`c;px:20 30 40;qty:2 3 4)"),
    ("select from ([k:1 2]v:3 4) where v>3", "([k:enlist 2]v:enlist 4)"),
])
def test_query_values(q, src, expected):
    same(q, src, expected)


def test_update_by_name_changes_global(q):
    r = ev(q, "update px:px+1 from `t")
    assert isinstance(r, Atom) and r.v == "t"
    same(q, "t`px", "11 21 31 41")


def test_delete_dict_entry_by_name(q):
    q.eval_text("d:`a`b`c!1 2 3")
    assert ev(q, "delete b from `d").v == "d"
    same(q, "d", "`a`c!1 3")


def test_locals_and_columns_first(q):
    same(q, "{[px] select px from t where qty=1}[99]", "([]px:enlist 10)")
    same(q, "{lim:25; exec sym from t where px<lim}[]", "`a`b")


@pytest.mark.parametrize("src,name", [
    ("select foo from t", "foo"),
    ("select from t where foo>1", "foo"),
    ("select $[px>1;1;0] from t", "rank"),
    ("select from 1", "type"),
    ("select from t where 1 2", "length"),
    ("update px:1.5 from t where sym=`a", "type"),
    ("update px:1 2 from t", "length"),
    ("delete px from 5", "type"),
    ("exec from 0#t", "index"),
    ("select px by px from t", "dup names for cols/groups px"),
    ("select from `nosuch", "nosuch"),
])
def test_errors_are_qerrors(q, src, name):
    with pytest.raises(QError) as e:
        q.eval_text(src)
    assert e.value.name == name


def test_error_located_at_query_keyword(q):
    with pytest.raises(QError) as e:
        q.eval_text("1+select foo from t")
    assert e.value.pos == 2


EMPTY_AND_ODD = {
    "select by sym from 0#t": "(+(,`sym)!,`symbol$())!+`px`qty!(`long$();`long$())",
    "exec px by sym from t where px>100": "`symbol$()!()",
    "select sum px from t where px>100": "+(,`px)!,,0",
    "update v:1 from t where px>100": "+`sym`px`qty`v!(`a`b`a`c;10 20 30 40;1 2 3 4;0N 0N 0N 0N)",
    "delete from t where px>100": "+`sym`px`qty!(`a`b`a`c;10 20 30 40;1 2 3 4)",
    "select from t where 0b": "+`sym`px`qty!(`symbol$();`long$();`long$())",
    "select string sym from t": "+(,`sym)!,(,\"a\";,\"b\";,\"a\";,\"c\")",
}


@pytest.mark.parametrize("src", list(EMPTY_AND_ODD))
def test_empty_and_odd_shapes(q, src):
    assert compact(q.eval(src)) == EMPTY_AND_ODD[src]


def test_grouped_count_of_empty_table_is_keyed_by_sym(q):
    r = q.eval("select count i by sym from 0#t")
    assert r.k.names == ["sym"] and count(r.k) == 0


def test_table_literals(q):
    same(q, "([]a:1 2;b:3)", "flip `a`b!(1 2;3 3)")
    q.eval_text("x:1 2;y:`p`q")
    same(q, "cols ([]x;y)", "`x`y")
    same(q, "([k:`a`b]v:1 2)", "1!([]k:`a`b;v:1 2)")
    with pytest.raises(QError, match="length"):
        q.eval_text("([]a:1 2;b:1 2 3)")


SOURCES = ["t", "0#t", "`t", "([k:1 2]v:3 4)", "([]s:(\"ab\";\"c\");n:1 0N)", "`a`b!1 2",
           "([]f:1.5 0n 1.5;g:`x`y`x)", "1 2 3", "::"]
PHRASES = ["select from {s}", "select by i mod 2 from {s}", "select count i by 0b from {s}",
           "exec from {s}", "exec i from {s}", "exec i by i from {s}",
           "update z:i from {s} where i>0", "update z:count i by i mod 2 from {s}",
           "delete from {s} where i=0", "delete a from {s}", "select first i, last i from {s}",
           "select x:i by y:i from {s} where 10b"]


@pytest.mark.parametrize("phrase", PHRASES)
def test_queries_raise_only_qerror(q, phrase):
    for s in SOURCES:
        q.eval_text(T + ";d:`a`b!1 2")
        try:
            q.eval_text(phrase.format(s=s))
        except QError:
            pass


GROUP_TABLES = [
    "t:([] a:10 0N 30 40 50 60; b:1 2 1 3 2 1; c:`x`y`x`z`y`x; f:1.5 0n 1.5 -2 0n 3)",
    "t:([] a:1 2 3 4 5 6f; b:6#0N 5; c:`b`a`b`a`c`c; f:0n 1 0n 2 2 1f)",
    "t:([] a:\"abcdef\"; b:100000000 1 100000000 -7 1 1; c:6#`s; f:6#0n)",
    "t:([] a:2000.01.01+til 6; b:1 1 2 2 3 3i; c:`c`b`a`c`b`a; f:-0.0 0.0 1 1 0n 0n)",
]


@pytest.mark.parametrize("setup", GROUP_TABLES)
@pytest.mark.parametrize("by", ["b", "c", "f", "b,c", "c,f,b"])
def test_vectorised_group_aggregates_match_per_group_evaluation(setup, by):
    """sum/count/first/last by keys (grouping.aggregate) give what evaluating each group
    gives (the lambdas force per-group evaluation)."""
    q = Interp(BufferHost())
    q.eval(setup)
    cols = ["s:sum a", "n:count i", "m:count c", "p:first a", "l:last c"]
    if q.eval("type t`a").v in (10,):
        cols = cols[1:]
    slow = [c.replace(":", ":{", 1).replace(" ", " x} ", 1) for c in cols]
    for where in ("", " where a<>a 2"):
        fast = f"select {', '.join(cols)} by {by} from t{where}"
        per = f"select {', '.join(slow)} by {by} from t{where}"
        assert bool(q.eval(f"({fast})~{per}").v), fast
        assert bool(q.eval(f"(exec {cols[0]} by {by} from t{where})~exec {slow[0]} by {by} from t{where}").v)


def test_xasc_xdesc_keyed_tables_and_names(q):
    """xasc/xdesc sort keyed tables (keyed still) and a global by name; a missing column
    is its name as the error, a non-table 'type (the fuzz found all three 'internal)."""
    same(q, "`v xdesc ([k:1 2 3]v:5 7 6)", "([k:2 3 1]v:7 6 5)")
    same(q, "`k xasc ([k:3 1 2]v:5 7 6)", "([k:1 2 3]v:7 6 5)")
    assert ev(q, "`px xdesc `t").v == "t"
    same(q, "t`px", "40 30 20 10")
    for src, err in [("`zz xasc t", "zz"), ("`a xasc 1 2", "type"), ("`a xasc `a`b!1 2", "type"),
                     ("`a`b xasc .z.f", "type")]:
        with pytest.raises(QError) as e:
            ev(q, src)
        assert e.value.name == err, src
