"""A line that ends in a verb goes on with the next (indented) line, in a lambda as at the
top level: ktorch's GAN scripts build their epoch message as `"...:",` / `  .Q.fmt[..]`.
A line ending in a noun still ends its statement."""
from mnistrepl.q.host import BufferHost
from mnistrepl.q.interp import Interp
from mnistrepl.session import Session


def test_lambda_line_ending_in_join(tmp_path):
    p = tmp_path / "s.q"
    p.write_text('msg:{-1"a: ",string[x],",",\n   " b: ",string y;}\nmsg[1;2]\n')
    host = BufferHost()
    assert Session(host).execute(f"\\l {p}")
    assert host.text() == "a: 1, b: 2\n"


def test_lambda_line_ending_in_plus():
    q = Interp(BufferHost())
    assert q.eval("{a:x+\n 2;a*10}[1]").v == 30


def test_line_ending_in_noun_still_separates():
    q = Interp(BufferHost())
    assert q.eval("{a:x+1\n a*10}[1]").v == 20


def test_verb_at_line_end_then_closing_brace_is_a_projection():
    q = Interp(BufferHost())
    v = q.eval("{x,\n }[1]")
    assert v.t == 104            # `1,` is a projection, as in q
