"""System commands (q-subset.md §11.1): values returned by `system`, unknown commands."""
import os

import pytest

from mnistrepl.q.errors import QError
from mnistrepl.q.host import BufferHost
from mnistrepl.q.interp import Interp
from mnistrepl.q.system.commands import run_command


@pytest.fixture
def q():
    return Interp(BufferHost())


def test_ts_returns_ms_and_bytes(q):
    v = run_command(q, "ts til 100000")
    assert v.a.dtype.kind == "i" and len(v.a) == 2 and v.a[1] >= 800000


def test_t_with_repeats(q):
    assert run_command(q, "t:5 1+1").v >= 0
    assert int(run_command(q, "t").v) == 0


def test_unknown_command_is_a_q_error(q):
    with pytest.raises(QError):
        run_command(q, "nosuchcommand")
    with pytest.raises(QError):
        q.eval_text('system "nosuchcommand"')


def test_cd_changes_directory(q, tmp_path):
    here = os.getcwd()
    try:
        run_command(q, f"cd {tmp_path}")
        assert os.getcwd() == str(tmp_path)
        assert run_command(q, "cd").a.tobytes().decode() == str(tmp_path)
    finally:
        os.chdir(here)


def test_console_size_clamped(q):
    run_command(q, "c 5 5000")
    assert (q.rows, q.cols) == (10, 2000)
