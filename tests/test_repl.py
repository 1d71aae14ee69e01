"""The interactive `q)` prompt (product.md §3): entry completeness, joining multi-line
entries, Tab completion, Ctrl-C wiring, and real-terminal sessions through pexpect."""
import os
import signal
import sys
import threading
from types import SimpleNamespace

import pytest

from mnistrepl.q.host import BufferHost
from mnistrepl.session import Session
from mnistrepl.ui.qinput import is_complete, join_entry

pexpect = pytest.importorskip("pexpect")


# ------------------------------------------------------------------ is_complete
@pytest.mark.parametrize("text", [
    "", "1+1", "til 5", "{x+1}[2]", "f[1;2]", "(1;2;3)", "{[a;b] a+b}",
    '"abc"', '"a(b"', '"a[b{c"', '"say \\"hi\\""', '"back\\\\"', '("a)";1)',
    "a / comment (", "/ whole line [", "{x+ / note {\n 1}", "f:{[a;b]\n  c:a+b;\n  c*2}",
    "(1;\n2)", '"ab\ncd"', "1) ", "\\l a(b", "  \\t {", "x/[2;3]", "+/[1 2 3]", "`a`b",
    "{x}]", "(]",
])
def test_complete_entries(text):
    assert is_complete(text)


@pytest.mark.parametrize("text", [
    "{x+", "f[1;", "(1;2", "{[a;b]", "{(1;[2", "{x+\n  y", '"abc', '"a\\"', '"a\\"b',
    '("a)";', "a:{ / } closed in a comment", "{\"}\"", "f[\"]\";", "{x\n / }\n",
    "((1;2);\n(3;", "x/[", "{1+`a", "[", "{{}",
])
def test_incomplete_entries(text):
    assert not is_complete(text)


@pytest.mark.parametrize("text, joined", [
    ("til 5", "til 5"),
    ("a / c", "a / c"),                               # one line: the session strips it
    ("{x+\n1}[2]", "{x+ 1}[2]"),
    ("{x+ / add one\n 1}[2]", "{x+   1}[2]"),
    ('"ab\ncd"', '"ab\ncd"'),                         # a line break in a string stays
    ('("a/b";\n"c")', '("a/b"; "c")'),                # a slash in a string is no comment
    ("(1;2)\nb:3", "(1;2)\nb:3"),                     # between statements it stays a break
])
def test_join_entry(text, joined):
    assert join_entry(text) == joined


def run_text(text):
    """Output of one joined entry in a fresh session."""
    s = Session(BufferHost())
    s.execute(join_entry(text))
    return s.host.text()


def test_joined_entries_run():
    assert run_text("{x+\n1}[2]") == "3\n"
    assert run_text("f:{[a;b]\n  c:a+b; / local\n  c*2}\nf[1;2]") == "6\n"
    assert run_text("(1 2;\n 3 4)") == "1 2\n3 4\n"


# ------------------------------------------------------------------ completion
def completions(session, text):
    from prompt_toolkit.completion import CompleteEvent
    from prompt_toolkit.document import Document

    from mnistrepl.ui.complete import QCompleter
    doc = Document(text, len(text))
    return [(c.text, c.start_position)
            for c in QCompleter(session).get_completions(doc, CompleteEvent(True))]


@pytest.fixture(scope="module")
def session():
    s = Session(BufferHost())
    s.execute("alpha:til 3")
    s.execute("alphabet:`a`b")
    return s


def test_complete_keywords_and_globals(session):
    assert ("til", -2) in completions(session, "ti")
    assert completions(session, "1+alp") == [("alpha", -3), ("alphabet", -3)]
    assert ("sum", -2) in completions(session, "f su")
    assert ("select", -3) in completions(session, "sel")


def test_complete_api_natives(session):
    name = sorted(session.interp.natives)[0]
    assert (name, -2) in completions(session, name[:2])


def test_complete_dotted_names_only_after_dot(session):
    assert not any(t.startswith(".") for t, _ in completions(session, "a"))
    assert (".Q.a", -3) in completions(session, ".Q.")
    assert completions(session, "2.") == []                 # a number, not a name


def test_complete_system_commands(session):
    assert completions(session, "\\t") == [("\\t", -2), ("\\ts", -2)]
    assert ("\\l", -1) in completions(session, "\\")


def test_complete_paths_after_load(session, tmp_path):
    (tmp_path / "script.q").write_text("1\n")
    (tmp_path / "sub").mkdir()
    got = completions(session, f"\\l {tmp_path}/s")
    assert sorted(got) == [("cript.q", 0), ("ub", 0)]


# ------------------------------------------------------------------ settings
def opts(**kw):
    base = dict(ascii=False, plain=False, quiet=True, echo=False)
    return SimpleNamespace(**{**base, **kw})


def test_colour_switches():
    from mnistrepl.ui.repl import colour_wanted
    assert colour_wanted(opts(), {})
    assert not colour_wanted(opts(ascii=True), {})
    assert not colour_wanted(opts(plain=True), {})
    assert not colour_wanted(opts(), {"NO_COLOR": "1"})
    assert colour_wanted(opts(), {"NO_COLOR": ""})


def test_history_path(monkeypatch, tmp_path):
    from mnistrepl.ui.repl import history_path
    monkeypatch.setenv("MNISTREPL_HISTORY", str(tmp_path / "h"))
    assert history_path() == str(tmp_path / "h")
    monkeypatch.delenv("MNISTREPL_HISTORY")
    assert history_path() == os.path.expanduser("~/.mnistrepl_history")


def test_unwritable_history_is_ignored(tmp_path):
    from mnistrepl.ui.repl import QuietFileHistory
    h = QuietFileHistory(str(tmp_path / "no" / "such" / "dir"))
    h.store_string("til 3")
    assert list(h.load_history_strings()) == []


# ------------------------------------------------------------------ Ctrl-C while running
def test_sigint_while_running_stops_and_restores_handler():
    from mnistrepl.ui.repl import run_entry
    s = Session(BufferHost())
    s.execute("a:til 5")
    before = signal.getsignal(signal.SIGINT)
    timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    run_entry(s, "do[100000000;b:1]")
    timer.join()
    assert s.host.text().startswith("'stop\n")
    assert signal.getsignal(signal.SIGINT) is before
    s.execute("sum a")
    assert s.host.text().endswith("10\n")


# ------------------------------------------------------------------ the loop in-process
def test_interactive_loop_with_pipe_input(tmp_path, monkeypatch):
    """The whole loop on prompt_toolkit's pipe input: runs, continues, stops at EOF."""
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from mnistrepl.ui.repl import interactive
    monkeypatch.setenv("MNISTREPL_HISTORY", str(tmp_path / "hist"))
    s = Session(BufferHost())
    with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
        inp.send_text("a:til 5\r")
        inp.send_text("a\r")
        inp.send_text("{x+\r1}[2]\r")
        inp.send_text("\x04")                      # Ctrl-D on an empty line
        rc = interactive(s, opts())
    assert rc == 0
    assert s.host.text() == "0 1 2 3 4\n3\n"
    assert "a:til 5" in (tmp_path / "hist").read_text()


# ------------------------------------------------------------------ real terminal
TIMEOUT = 60


def spawn(tmp_path, *args, env=None):
    """The real program on a pseudo-terminal. The pty never answers prompt_toolkit's
    cursor-position requests (a real terminal does), so they are turned off."""
    full = dict(os.environ, MNISTREPL_HISTORY=str(tmp_path / "history"), TERM="xterm-256color",
                PROMPT_TOOLKIT_NO_CPR="1")
    full.pop("NO_COLOR", None)
    full.update(env or {})
    child = pexpect.spawn(sys.executable, ["-m", "mnistrepl", "-q", *args], env=full,
                          timeout=TIMEOUT, cwd=str(tmp_path), dimensions=(24, 100))
    child.expect_exact(b"q)")
    return child


def enter(child, line, *expected):
    child.sendline(line)
    for e in expected:
        child.expect_exact(e.encode())
    child.expect_exact(b"q)")


def finish(child, line="\\\\"):
    child.sendline(line)
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def interrupt_until_stop(child, tries=10):
    """Ctrl-C until `'stop` shows (the first may land before the run has begun)."""
    for _ in range(tries):
        child.sendintr()
        if child.expect_exact([b"'stop", pexpect.TIMEOUT], timeout=5) == 0:
            return
    raise AssertionError("no 'stop")


def test_terminal_session(tmp_path):
    child = spawn(tmp_path)
    enter(child, "a:til 5")
    enter(child, "a", "0 1 2 3 4\r\n")
    enter(child, "1+`a", "'type")
    child.sendline("do[100000000;b:1]")
    child.expect_exact(b"\x1b[?2004l")               # the prompt has handed over
    interrupt_until_stop(child)
    child.expect_exact(b"q)")
    enter(child, "sum a", "10\r\n")
    child.sendline("{x+")
    enter(child, "1}[2]", "3\r\n")
    child.send("1+")                                   # Ctrl-C drops the half-typed line
    child.sendintr()
    child.expect_exact(b"q)")
    child.sendline("til 3")
    assert child.expect_exact([b"1 2 3\r\n", b"0 1 2\r\n"]) == 1
    assert finish(child) == 1                          # errors occurred: status 1 (§2)


def test_terminal_exit_status(tmp_path):
    child = spawn(tmp_path)
    enter(child, "1+1", "2\r\n")
    assert finish(child) == 0
    child = spawn(tmp_path)
    child.sendeof()                                    # Ctrl-D leaves too
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert finish(spawn(tmp_path), "exit 3") == 3


def test_terminal_tab_and_history_search(tmp_path):
    child = spawn(tmp_path)
    child.send("ti\t")                                # Tab: til is the only candidate
    enter(child, " 4", "0 1 2 3\r\n")
    assert finish(child) == 0
    child = spawn(tmp_path)                           # a new session finds it with Ctrl-R
    child.send("\x12")
    child.send("til")
    child.send("\r")                                  # ends the search
    enter(child, "", "0 1 2 3\r\n")
    assert finish(child) == 0


def test_terminal_colour(tmp_path):
    assert b";38;5;" in transcript(tmp_path, [])      # the q lexer's colours


def transcript(tmp_path, args, env=None):
    """All bytes a short session writes."""
    child = spawn(tmp_path, *args, env=env)
    log = []
    child.logfile_read = SimpleNamespace(write=log.append, flush=lambda: None)
    enter(child, "til 5", "0 1 2 3 4")
    enter(child, '-1 "caf\u00e9";', "caf")
    child.sendline("{x+")
    enter(child, "1}[2]", "3")
    finish(child)
    return b"".join(log)


@pytest.mark.parametrize("args, env", [(["--plain"], {}), ([], {"NO_COLOR": "1"}),
                                       (["--ascii"], {})])
def test_terminal_no_colour(tmp_path, args, env):
    out = transcript(tmp_path, args, env)
    assert b"\x1b[38;" not in out and b";38;5;" not in out


def test_terminal_ascii_is_7bit(tmp_path):
    out = transcript(tmp_path, ["--ascii"])
    assert all(b < 128 for b in out), [b for b in out if b >= 128]
    assert b"caf?" in out
