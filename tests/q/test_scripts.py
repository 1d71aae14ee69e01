"""Scripts (q-subset.md §2.1, §11.2): statement joining, block comments, the lone
backslash, compact echo, and error reports naming file and line."""
from mnistrepl.q.host import BufferHost
from mnistrepl.q.system.script import statements
from mnistrepl.session import Session


def test_continuation_lines_join():
    text = "f:{[x]\n  y:x+1;\n\n  / note\n  y*2}\ng:1"
    assert statements(text) == [(1, "f:{[x]\n  y:x+1;\n  / note\n  y*2}"), (6, "g:1")]


def test_block_comment_and_lone_backslash():
    text = "a:1\n/\nb:2\n\\\nc:3\n\\\nd:4"
    assert statements(text) == [(1, "a:1"), (5, "c:3")]


def test_comment_lines_skipped():
    assert statements("/ c\na:1\n/x\n") == [(2, "a:1")]


def load(tmp_path, text, extra=()):
    p = tmp_path / "s.q"
    p.write_text(text)
    host = BufferHost()
    s = Session(host)
    ok = s.execute(f"\\l {p}")
    for line in extra:
        s.execute(line)
    return ok, host.text(), str(p), s


def test_echo_is_compact(tmp_path):
    ok, out, _, _ = load(tmp_path, "a:1\n1 2 3\n`x`y\n\"ab\"\nb:2;\nc:3\n(1;`a)\n")
    assert ok
    assert out == "1 2 3\n`x`y\n\"ab\"\n(1;`a)\n"


def test_error_stops_load_with_file_and_line(tmp_path):
    ok, out, path, s = load(tmp_path, "p:1\nr:p+`x\ns:3\n")
    assert not ok
    assert out.split("\n")[:3] == [
        "'type", f"  [0]  {path}:2: r:p+`x", " " * (len(f"  [0]  {path}:2: ") + 3) + "^"]
    assert "s" not in s.interp.globals and "p" in s.interp.globals


def test_system_l_loads(tmp_path):
    p = tmp_path / "t.q"
    p.write_text("z:42\n")
    host = BufferHost()
    s = Session(host)
    s.execute(f'system "l {p}"')
    assert int(s.interp.globals["z"].v) == 42


def test_missing_file(tmp_path):
    host = BufferHost()
    s = Session(host)
    s.execute(f"\\l {tmp_path}/nope.q")
    assert host.text().startswith(f"'{tmp_path}/nope.q. OS reports: No such file or directory")
