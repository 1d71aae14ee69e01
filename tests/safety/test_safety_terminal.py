"""A hostile history file (issue 13, item 4): the prompt comes up and answers, on a
pseudo-terminal, memory bounded by a `resource` limit on the child."""
import os
import sys

import pytest

pexpect = pytest.importorskip("pexpect")

LIMIT = 2 * 2**30


def test_history_that_is_a_device_is_ignored(tmp_path):
    code = (f"import resource, sys; resource.setrlimit(resource.RLIMIT_AS, ({LIMIT}, {LIMIT}));"
            "from mnistrepl.cli import main; sys.exit(main(['-q']))")
    env = dict(os.environ, MNISTREPL_HISTORY="/dev/zero", TERM="xterm-256color",
               PROMPT_TOOLKIT_NO_CPR="1", NO_COLOR="1", OPENBLAS_NUM_THREADS="1")
    child = pexpect.spawn(sys.executable, ["-c", code], env=env, timeout=60, cwd=str(tmp_path),
                          dimensions=(24, 100))
    child.expect_exact(b"q)")
    child.sendline("1+1")
    child.expect_exact(b"2\r\n")
    child.expect_exact(b"q)")
    child.sendline("\\\\")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
