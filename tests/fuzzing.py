"""What the property tests share (test_fuzz.py: q lines; test_fuzz_api.py: k-api calls):
how many examples, derandomised under CI, a watchdog that interrupts a line running too
long (as Ctrl-C would), and the check that a session survives its lines.

Examples per test: 2500 when $CI is set, else 150, or $MNISTREPL_FUZZ_EXAMPLES.
"""
import os
import signal
from collections import Counter
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
STOP_AFTER = 2.0      # CPU seconds before the watchdog asks the line to stop (Ctrl-C)
HANG_AFTER = 3.0      # further CPU seconds before it interrupts (a second Ctrl-C), then as
                      # many before a line that goes on counts as a hang
BLOCKED_AFTER = 120.0  # wall seconds: a line this long, busy or not, is a hang too
# lines run by the property tests, by kind ("q lines", "api lines"): conftest.py prints
# them after the run, so that a run's size is measured, not estimated
TALLY = Counter()


class Hang(Exception):
    """A line went on running after the watchdog asked it to stop."""


@contextmanager
def watchdog(interp):
    """Ask `interp` to stop after STOP_AFTER seconds of CPU (like Ctrl-C); Hang after
    HANG_AFTER more, or after BLOCKED_AFTER seconds of wall time. CPU time, not wall time:
    on a busy machine a quick line can take seconds of wall time."""
    hung = []

    def hang(reason):
        hung.append(reason)          # also kept: an exception raised inside a gc callback is lost
        raise Hang(reason)

    def on_cpu(signum, frame):
        """The user's two presses: Ctrl-C asks the line to stop at its next check; a second
        one interrupts at once (KeyboardInterrupt, as the REPL's second press does: a long
        primitive such as a cast over a big nested list has no check inside). A line that
        goes on after both is a hang."""
        interp._fuzz_presses += 1
        if interp._fuzz_presses > 2:
            hang("the line ignored the stop request and the interrupt")
        signal.setitimer(signal.ITIMER_PROF, HANG_AFTER)
        if interp._fuzz_presses == 1:
            interp.request_stop()
        else:
            raise KeyboardInterrupt

    old = signal.signal(signal.SIGPROF, on_cpu), signal.signal(
        signal.SIGALRM, lambda signum, frame: hang(f"the line ran {BLOCKED_AFTER:.0f} s"))
    interp._fuzz_presses = 0
    signal.setitimer(signal.ITIMER_PROF, STOP_AFTER)
    signal.setitimer(signal.ITIMER_REAL, BLOCKED_AFTER)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGPROF, old[0])
        signal.signal(signal.SIGALRM, old[1])
        interp.stop_requested = False
    if hung:
        raise Hang(hung[0])


def run_lines(session, lines, kind=None):
    """Run lines in session, each under the watchdog; nothing may escape. Lines of a
    `kind` count in TALLY (a preamble has none)."""
    for line in lines:
        with watchdog(session.interp):
            session.execute(line)
        if kind:
            TALLY[kind] += 1


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
    run_lines(session, lines, "q lines")
    assert_survived(session, host)

Session(BufferHost())   # raises the recursion limit once, before hypothesis records it
