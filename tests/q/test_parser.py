"""Parser: tree shapes, lambda ranks and locals, parse errors (q-subset.md §3, §13.1)."""
import pytest

from mnistrepl.q.syntax import nodes as nd
from mnistrepl.q.errors import QError
from mnistrepl.q.syntax.parser import Parser


def parse(src):
    return Parser().parse(src)


def perr(src):
    with pytest.raises(QError) as e:
        parse(src)
    return e.value


def test_right_to_left_dyads():
    (st,) = parse("10-2*3")
    assert isinstance(st, nd.Dyad) and st.verb.name == "-"
    assert isinstance(st.right, nd.Dyad) and st.right.verb.name == "*"


def test_statements_and_empty_last():
    assert len(parse("a:1;a*2")) == 2
    assert parse("a*4;")[-1] is None


def test_assignment_forms():
    (plain,) = parse("a:1")
    (glob,) = parse("a::1")
    (mod,) = parse("a+:1")
    (idx,) = parse("a[0]:1")
    assert isinstance(plain, nd.Assign) and plain.op is None and not plain.glob
    assert glob.glob
    assert mod.op.name == "+"
    assert idx.indices is not None and len(idx.indices) == 1


def test_parenthesised_assignment_is_not_outermost_assign():
    (st,) = parse("(a:2)")
    assert isinstance(st, nd.Assign)      # the printing rule keys on the node itself


def test_lambda_rank_from_implicit_params():
    assert parse("{x}")[0].rank == 1
    assert parse("{y}")[0].rank == 2
    assert parse("{x+z}")[0].rank == 3
    assert parse("{1}")[0].rank == 1
    assert parse("{[a;b;c] a}")[0].rank == 3


def test_lambda_locals_include_untaken_branches():
    lam = parse("{if[x;a:1];b::2;a}")[0]
    assert lam.locals == frozenset({"a"})


def test_too_many_params():
    assert perr("{[a;b;c;d;e;f;g;h;i] a}").name == "params"


def test_list_with_empty_items_is_a_projection():
    (st,) = parse('("a";;"c")')
    assert isinstance(st, nd.ListExpr) and st.holes


def test_compose_brackets():
    (st,) = parse("'[neg;abs]")
    assert isinstance(st, nd.Compose) and len(st.fns) == 2


def test_cond_and_two_arg_dollar():
    assert isinstance(parse("$[1b;2;3]")[0], nd.Cond)
    assert isinstance(parse('$["j";"1"]')[0], nd.Apply)


def test_cond_after_a_unary_keyword():
    """`not $[..]`: a unary keyword is a verb to q's parser, so the `$[` after it is a
    cond, not a cast with the keyword on its left (mnist.q's judge uses it)."""
    from mnistrepl.q.host import BufferHost
    from mnistrepl.q.interp import Interp
    q = Interp(BufferHost())               # registers the keywords the parser looks up
    st = parse("not $[1b;0b;1b]")[0]
    assert isinstance(st, nd.Juxt) and isinstance(st.arg, nd.Cond)
    assert q.eval("not $[1b;0b;1b]").v and q.eval("{neg $[x;1;2]}0b").v == -2


@pytest.mark.parametrize("src,name,pos", [
    ("1]", "]", 1), ("(1", "(", 0), ("f[1", "[", 1), ("{x", "{", 0), ("a)", ")", 1)])
def test_unbalanced(src, name, pos):
    e = perr(src)
    assert (e.name, e.pos) == (name, pos)


def test_unterminated_string():
    assert perr('"abc').name == '"'
