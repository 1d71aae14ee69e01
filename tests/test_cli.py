"""The non-interactive front end (product.md §2): options, stdin replay, scripts, exit status."""
import io
import os
import subprocess
import sys
import textwrap

import pytest

from mnistrepl import cli


def run_main(capsys, argv, stdin=""):
    """(exit status, stdout) of cli.main run in this process on a fake stdin."""
    rc = cli.main(argv, stdin=io.StringIO(stdin))
    return rc, capsys.readouterr().out


def run_proc(args, stdin=""):
    """The real entry point in a fresh interpreter: (status, stdout, stderr)."""
    p = subprocess.run([sys.executable, "-m", "mnistrepl", *args], input=stdin,
                       capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def test_pipe_one_plus_one():
    rc, out, err = run_proc(["-q", "--plain"], "1+1\n")
    assert (rc, out) == (0, "2\n")
    assert "Traceback" not in err


def test_replay_goes_on_after_error_and_fails(capsys):
    rc, out = run_main(capsys, ["-q", "--plain"], "1+`a\n2+2\n")
    assert rc == 1
    assert out.split("\n") == ["'type", "  [0]  1+`a", "        ^", "4", ""]


def test_echo_shows_prompt_and_debug_prompt(capsys):
    rc, out = run_main(capsys, ["-q", "--echo"], "til 3\ng:{x+`a}\ng 1\n\\\n1\n")
    assert rc == 1
    assert out.split("\n") == [
        "q)til 3", "0 1 2", "q)g:{x+`a}", "q)g 1", "'type", "  [1]  g:{x+`a}",
        "           ^", "q))\\", "q)1", "1", ""]


def test_backslash_backslash_ends(capsys):
    rc, out = run_main(capsys, ["-q"], "1\n\\\\\n2\n")
    assert (rc, out) == (0, "1\n")


def test_backslash_backslash_after_error_is_failure(capsys):
    rc, out = run_main(capsys, ["-q"], "'oops\n\\\\\n2\n")
    assert rc == 1 and "2\n" not in out


def test_exit_n(capsys):
    rc, out = run_main(capsys, ["-q"], "1\nexit 3\n2\n")
    assert (rc, out) == (3, "1\n")


def test_console_size_option(capsys):
    rc, out = run_main(capsys, ["-q", "-c", "10", "20"], "til 40\n\\c\n")
    assert out.split("\n")[0] == "0 1 2 3 4 5 6 7 8.."   # c-3 chars then .. (§12.10)
    assert out.split("\n")[1] == "10 20i"


def test_ascii_output_is_7bit(capsys):
    rc, out = run_main(capsys, ["-q", "--ascii"], '-1 "caf\u00e9 \u2500";\n')
    assert rc == 0
    assert out.isascii() and out.startswith("caf")


def test_stored_options():
    opts = cli.parse_args(["--device", "cuda", "--seed", "7", "--data", "d", "--out", "o", "-q"])
    s = cli.make_session(opts)
    assert {k: s.options[k] for k in ("device", "seed", "data", "out")} == \
        {"device": "cuda", "seed": 7, "data": "d", "out": "o"}


@pytest.mark.parametrize("argv, opts, file, args", [
    (["-q"], ["-q"], None, []),
    (["-c", "30", "100", "a.q", "1", "-q"], ["-c", "30", "100"], "a.q", ["1", "-q"]),
    (["--seed", "1", "x.q"], ["--seed", "1"], "x.q", []),
    (["--seed=1", "x.q", "y"], ["--seed=1"], "x.q", ["y"]),
    (["--", "-odd.q", "z"], [], "-odd.q", ["z"]),
])
def test_split_argv(argv, opts, file, args):
    assert cli.split_argv(argv) == (opts, file, args)


def test_version_and_help():
    rc, out, _ = run_proc(["--version"])
    assert (rc, out) == (0, "mnistrepl 0.1\n")
    rc, out, _ = run_proc(["--help"])
    assert rc == 0 and "--echo" in out and "--ascii" in out and "-c ROWS COLS" in out


def test_banner(capsys):
    rc, out = run_main(capsys, [], "1\n")
    first, second, result = out.split("\n")[:3]
    assert first.startswith("mnistrepl 0.1 2026.11.23")
    assert " core" in second and result == "1"


def test_script_args_in_z(tmp_path, capsys):
    f = tmp_path / "a.q"
    f.write_text('show .z.f\nshow .z.x\n-1 "done";\n')
    rc, out = run_main(capsys, ["-q", str(f), "1", "xyz"])
    assert rc == 0
    assert out.split("\n") == ["`" + str(f), ',"1"', '"xyz"', "done", ""]


def test_failing_script_stops_at_first_error(tmp_path, capsys):
    f = tmp_path / "bad.q"
    f.write_text('a:1\n-1 "one";\n1+`a\n-1 "two";\n')
    rc, out = run_main(capsys, ["-q", str(f)])
    assert rc == 1
    lines = out.split("\n")
    assert lines[:3] == ["one", "'type", f"  [0]  {f}:3: 1+`a"]
    assert "two" not in out


def test_script_exit_code(tmp_path, capsys):
    f = tmp_path / "ex.q"
    f.write_text('-1 "x";\nexit 4\n-1 "y";\n')
    rc, out = run_main(capsys, ["-q", str(f)])
    assert (rc, out) == (4, "x\n")


def test_script_continuation_lines(tmp_path, capsys):
    f = tmp_path / "c.q"
    f.write_text("f:{[a;b]\n  c:a+b;\n  c*2}\n\nshow f[1;2]\n")
    rc, out = run_main(capsys, ["-q", str(f)])
    assert (rc, out) == (0, "6\n")


def test_no_traceback_on_garbage():
    rc, out, err = run_proc(["-q", "--plain"], ")(][}{\n\"\n`\n'\n\\l /nonexistent.q\n1+1\n")
    assert rc == 1 and "Traceback" not in out + err
    assert out.endswith("2\n")


NO_HEAVY = textwrap.dedent("""
    import io, sys
    from mnistrepl import cli
    rc = cli.main(["-q", "--plain"], stdin=io.StringIO("1+1\\n"))
    heavy = [m for m in ("torch", "textual", "prompt_toolkit") if m in sys.modules]
    assert rc == 0 and not heavy, heavy
""")


def test_pipe_does_not_import_heavy_modules():
    p = subprocess.run([sys.executable, "-c", NO_HEAVY], capture_output=True, text=True,
                       timeout=120)
    assert p.returncode == 0, p.stderr
    assert p.stdout == "2\n"


def test_script_backslash_backslash_ends(tmp_path, capsys):
    f = tmp_path / "bs.q"
    f.write_text('-1 "a";\n\\\\\n-1 "b";\n')
    rc, out = run_main(capsys, ["-q", str(f)])
    assert (rc, out) == (0, "a\n")


def test_missing_script(tmp_path, capsys):
    f = tmp_path / "nope.q"
    rc, out = run_main(capsys, ["-q", str(f)])
    assert (rc, out) == (1, f"'{f}. OS reports: No such file or directory\n")


def test_internal_errors_never_escape(capsys, monkeypatch):
    """A Python error inside the q layer is a bug; the session reports it and goes on."""
    from mnistrepl.q.interp import Interp

    def broken(self, src):
        raise ZeroDivisionError("boom")
    monkeypatch.setattr(Interp, "eval_text", broken)
    rc, out = run_main(capsys, ["-q"], "1+1\n")
    assert rc == 1
    assert out.startswith("'internal ZeroDivisionError: boom\n")


def test_terminal_input_piped_output_gets_bare_prompt():
    """Keyboard in, pipe out (`mnistrepl | tee log`): no prompt_toolkit, a bare `q)`
    prompt reading lines."""
    pexpect = pytest.importorskip("pexpect")
    cmd = f"{sys.executable} -m mnistrepl -q | cat"
    child = pexpect.spawn("/bin/sh", ["-c", cmd], encoding="utf-8", timeout=60)
    child.expect_exact("q)")
    child.sendline("1+1")
    child.expect_exact("2\r\nq)")
    child.sendline("\\\\")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "\x1b" not in child.before


def test_terminal_uses_prompt_toolkit(tmp_path):
    """On a terminal the prompt_toolkit front end runs (tests/test_repl.py has the rest)."""
    pexpect = pytest.importorskip("pexpect")
    env = dict(os.environ, MNISTREPL_HISTORY=str(tmp_path / "h"), PROMPT_TOOLKIT_NO_CPR="1")
    child = pexpect.spawn(sys.executable, ["-m", "mnistrepl", "-q"], encoding="utf-8",
                          timeout=60, env=env)
    child.expect_exact("q)")
    child.sendline("1+1")
    child.expect_exact("2\r\n")
    child.sendline("\\\\")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "1+1" in (tmp_path / "h").read_text()
