"""Broken stdio, bad options and command-file options (issue 13, items 7, 8, 9, 12, 13, 16):
one clear line and a clean status, never a traceback."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def proc(args, stdin=b"", env=None, cwd=None, **kw):
    full = dict(os.environ, **(env or {}))
    p = subprocess.run([sys.executable, "-m", "mnistrepl", "-q", *args], input=stdin,
                       capture_output=True, timeout=120, env=full, cwd=cwd, **kw)
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")


@pytest.mark.parametrize("env", [{"PYTHONIOENCODING": "ascii"}, {"LANG": "C", "LC_ALL": "C"}])
def test_non_ascii_input_under_an_ascii_locale(env):
    rc, out, err = proc([], '"caf\u00e9"\n1+1\n'.encode() + b'"\xff"\n', env=env)
    assert out.startswith('"caf') and "2\n" in out and "Traceback" not in out + err


def test_ascii_option_writes_escapes():
    rc, out, err = proc(["--ascii"], '-1 "caf\u00e9";\n'.encode())
    assert out == "caf\\xe9\n" and rc == 0


@pytest.mark.parametrize("args, env, shown", [
    ([], {}, b"'\xff\n"),                                   # the byte as typed, as q echoes it
    ([], {"PYTHONIOENCODING": "ascii"}, b"'\xff\n"),
    (["--ascii"], {}, b"'\\xff\n"),                         # --ascii: an escape
])
def test_a_byte_not_utf8_goes_out_as_typed(args, env, shown):
    """Once shown as Python's `\\udcff`: the surrogate stdin's decoding holds it as."""
    full = dict(os.environ, **env)
    p = subprocess.run([sys.executable, "-m", "mnistrepl", "-q", *args], input=b"`\xff\n",
                       capture_output=True, timeout=120, env=full)
    assert p.stdout.startswith(shown) and b"udc" not in p.stdout + p.stderr, p.stdout


def test_stdout_on_a_full_disk():
    with open("/dev/full", "wb") as full:
        p = subprocess.run([sys.executable, "-m", "mnistrepl", "-q"], input=b"til 10\n",
                           stdout=full, stderr=subprocess.PIPE, timeout=120)
    assert (p.returncode, p.stderr) == (1, b"mnistrepl: write error: No space left on device\n")


@pytest.mark.parametrize("closed, message", [("stdout", b"write"), ("stdin", b"read")])
def test_closed_stdio(closed, message):
    fd = 1 if closed == "stdout" else 0
    p = subprocess.run([sys.executable, "-m", "mnistrepl", "-q"], input=None if fd == 0 else b"1+1\n",
                       stdout=None if fd == 1 else subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=120, pass_fds=(), preexec_fn=lambda: os.close(fd))
    assert p.returncode == 1
    assert p.stderr == b"mnistrepl: " + message + b" error: Bad file descriptor\n"


@pytest.mark.parametrize("args, message", [
    (["--seed", "-1"], "--seed -1: expecting 0 to 9223372036854775807"),
    (["--seed", "99999999999999999999"], "--seed 99999999999999999999: expecting 0 to"),
    (["-w", "-5"], "-w -5: expecting a positive number of MB"),
])
def test_options_checked_at_start(args, message):
    rc, out, err = proc(args)
    assert rc == 2 and message in err and "Traceback" not in err


def test_out_must_be_a_writable_directory(tmp_path):
    (tmp_path / "afile").write_text("x")
    rc, out, err = proc(["--out", str(tmp_path / "afile")])
    assert rc == 2 and f"--out {tmp_path / 'afile'}: File exists" in err
    rc, out, err = proc(["--out", str(tmp_path / "afile" / "sub")])
    assert rc == 2 and "Not a directory" in err


def test_restricted_option(tmp_path):
    rc, out, err = proc(["--restricted"], b'system "echo hi"\n\\ls\nread0 `:/etc/hostname\n',
                        cwd=tmp_path)
    lines = [ln for ln in out.split("\n") if ln.startswith("'")]
    assert lines == ["'access: echo: --restricted runs no OS commands",
                     "'access: ls: --restricted runs no OS commands",
                     "'access: /etc/hostname: --restricted reads only under data/, --data and ."]


@pytest.mark.parametrize("option, message", [
    ("-train 1000000", "'-train 1000000: only 60000 training images"),
    ("-train -5", "'-train -5: expecting at least 1"),
    ("-epochs 0", "'-epochs 0: expecting at least 1"),
    ("-epochs -1", "'-epochs -1: expecting at least 1"),
    ("-test 0", "'-test 0: expecting at least 1"),
    ("-test 20000", "'-test 20000: only 10000 test images"),
])
def test_command_file_options_checked_before_training(tmp_path, option, message):
    script = tmp_path / "run.q"
    script.write_text(f"\\l {ROOT / 'commands' / 'mnist.q'}\n"
                      "o:opts`epochs`train`test!50 60000 10000\n-1 \"started\";\n")
    rc, out, err = proc([str(script), *option.split()], cwd=tmp_path)
    assert rc == 1 and out.startswith(message + "\n") and "started" not in out
