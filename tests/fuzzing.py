"""What the property tests share (test_fuzz.py: q lines; test_fuzz_api.py: k-api calls):
how many examples, derandomised under CI, a watchdog that interrupts a line running too
long (as Ctrl-C would), and the check that a session survives its lines.

Examples per test: 2500 when $CI is set, else 150, or $MNISTREPL_FUZZ_EXAMPLES.
"""
import os
import signal
from contextlib import contextmanager

from hypothesis import HealthCheck, settings

from mnistrepl.q.host import BufferHost
from mnistrepl.session import Session

EXAMPLES = int(os.environ.get("MNISTREPL_FUZZ_EXAMPLES") or (2500 if os.environ.get("CI") else 150))
# Under CI the examples are derandomised: CI's run is the one a developer can repeat
# (`CI=1 python -m pytest tests/test_fuzz.py`); other runs keep exploring new inputs.
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                derandomize=bool(os.environ.get("CI")),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
STOP_AFTER = 2.0      # seconds before the watchdog asks the line to stop (Ctrl-C)
HANG_AFTER = 3.0      # further seconds before an ignored stop counts as a hang


class Hang(Exception):
    """A line went on running after the watchdog asked it to stop."""


@contextmanager
def watchdog(interp):
    """Ask `interp` to stop after STOP_AFTER seconds (like Ctrl-C); raise Hang later."""
    def alarm(signum, frame):
        if not interp.stop_requested and not getattr(interp, "_fuzz_stopped", False):
            interp._fuzz_stopped = True
            interp.request_stop()
            signal.setitimer(signal.ITIMER_REAL, HANG_AFTER)
        else:
            raise Hang("the line ignored the stop request")
    old = signal.signal(signal.SIGALRM, alarm)
    interp._fuzz_stopped = False
    signal.setitimer(signal.ITIMER_REAL, STOP_AFTER)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
        interp.stop_requested = False


def run_lines(session, lines):
    """Run lines in session, each under the watchdog; nothing may escape."""
    for line in lines:
        with watchdog(session.interp):
            session.execute(line)


def assert_survived(session, host):
    """No traceback and no 'internal among what the lines printed, and 1+1 still 2."""
    assert "Traceback" not in host.text()
    assert "'internal" not in host.text(), host.text()
    host.out.clear()
    assert session.execute("1+1") is True
    assert host.text() == "2\n"


def check_session(lines):
    """Run lines in one fresh session; nothing may escape and 1+1 must still work."""
    host = BufferHost()
    session = Session(host)
    run_lines(session, lines)
    assert_survived(session, host)

Session(BufferHost())   # raises the recursion limit once, before hypothesis records it
