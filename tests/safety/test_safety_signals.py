"""Ctrl-C at badly timed moments (issue 13, item 1): a real program on a pseudo-terminal."""
import os
import sys
import time

import pytest

pexpect = pytest.importorskip("pexpect")


def spawn(tmp_path, *args, env=None):
    full = dict(os.environ, MNISTREPL_HISTORY=str(tmp_path / "history"), TERM="xterm-256color",
                PROMPT_TOOLKIT_NO_CPR="1", NO_COLOR="1")
    full.update(env or {})
    child = pexpect.spawn(sys.executable, ["-m", "mnistrepl", "-q", *args], env=full,
                          timeout=120, cwd=str(tmp_path), dimensions=(24, 100))
    child.expect_exact(b"q)")
    return child


def test_ctrl_c_while_torch_loads_leaves_the_api_working(tmp_path):
    """Ctrl-C pressed again and again while the first api call imports torch: torch is
    loaded whole, the api works afterwards and the process ends cleanly."""
    child = spawn(tmp_path)
    child.sendline("t:tensor 1 2 3")
    child.expect_exact(b"\x1b[?2004l")               # the prompt has handed over
    for _ in range(6):                                # torch takes seconds to import
        time.sleep(0.15)
        child.sendintr()
    child.expect_exact(b"q)")
    child.sendline("tensor tensor 4 5 6")
    child.expect_exact(b"4 5 6\r\n")
    child.expect_exact(b"q)")
    child.sendline("\\\\")
    child.expect(pexpect.EOF)
    child.close()
    out = child.before.decode(errors="replace")
    assert "internal" not in out and "terminate called" not in out
    assert child.signalstatus is None and child.exitstatus in (0, 1)



# the child says "go" once Python itself is up, then runs `python -m mnistrepl`
AFTER_GO = ("import runpy, sys; print('go', flush=True); sys.argv[1:] = ['-q', '--plain'];"
            "runpy.run_module('mnistrepl', run_name='__main__', alter_sys=True)")


@pytest.mark.parametrize("delay", [0.05, 0.2])
def test_ctrl_c_while_the_interpreter_loads_is_a_quiet_exit(delay):
    """Ctrl-C while Python imports the interpreter, before the session is up: status 130
    and no traceback (once, a KeyboardInterrupt traceback from an import)."""
    PopenSpawn = pytest.importorskip("pexpect.popen_spawn").PopenSpawn
    child = PopenSpawn([sys.executable, "-c", AFTER_GO], timeout=120)
    child.expect_exact(b"go")
    time.sleep(delay)
    child.kill(2)                                     # SIGINT, as Ctrl-C sends
    child.sendeof()                                   # should the session be up already
    child.expect(pexpect.EOF)
    out = child.before.decode(errors="replace")
    assert "Traceback" not in out and "KeyboardInterrupt" not in out, out
    assert child.wait() in (0, 1, 130)
