"""`--plain` (or TERM=dumb) on a terminal: no screen, but the pass under way as one line
redrawn in place with carriage returns (product.md §6), e.g.

    train 12/30 [####......]  1,833 img/s  ETA 0:01

It is wiped (blanks over it, no escape sequence) before anything the code prints and when
the evaluation ends, so the terminal keeps exactly the plain lines. Same thread as the
evaluation: at most one redraw per REDRAW seconds costs the loop nothing measurable.
"""
import shutil
import time

from .render import progress_line
from .state import TrainState

REDRAW = 0.1


class ProgressLine:
    """The host's tap and an api subscriber: keeps one progress line on the terminal."""

    def __init__(self, host, width=None):
        self.host = host
        self.width = width or min(shutil.get_terminal_size().columns - 1, 79)
        self.state = TrainState()
        self.shown = 0                # columns of the line now on the terminal
        self.drawn = 0.0              # perf_counter of the last redraw

    def on_event(self, kind, data):
        self.state.on_event(kind, data)
        if kind == "epoch":
            self.clear()
        elif kind == "batch" and time.perf_counter() - self.drawn >= REDRAW:
            self.drawn = time.perf_counter()
            line = progress_line(self.state.progress, self.width, ascii=True).rstrip()
            self.host.emit(1, "\r" + line.ljust(self.shown))
            self.shown = len(line)

    def write(self, fd, text):
        self.clear()
        self.host.emit(fd, text)

    def clear(self):
        if self.shown:
            self.host.emit(1, "\r" + " " * self.shown + "\r")
            self.shown = 0


def run_with_line(session, fn):
    """fn() with the progress line on the terminal while it trains; fn's result."""
    line = ProgressLine(session.host)
    hub = session.events()
    hub.subscribe(line.on_event)
    session.host.tap = line.write
    try:
        return fn()
    finally:
        session.host.tap = None
        hub.unsubscribe(line.on_event)
        line.clear()
