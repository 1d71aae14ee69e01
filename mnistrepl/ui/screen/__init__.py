"""The live Textual screen shown while a model trains (product.md §6).

    evaluator(session, opts, stdin, screen)   fn -> fn(), with the screen where it may open
                                      (or the one progress line of plainline.py)

state.py    TrainState: the api's events and the printed text, for the screen to draw
render.py   each pane's lines from a snapshot (plain text; 7-bit under --ascii)
widgets.py  the Textual panes; app.py the App; screen.tcss its layout
live.py     the worker thread, the output held while the screen is up, Ctrl-C
plainline.py  --plain on a terminal: the pass under way on one line redrawn in place

Nothing here is imported on a pipe, and Textual only where a screen may open (on a
thread, as the session starts: see `preload`).
"""
import os
import sys
import threading

from .live import run_live
from .plainline import run_with_line


def on_terminal(stdin, stdout=None):
    """stdin is the process's own and a terminal, and so is stdout."""
    return stdin is sys.stdin and stdin.isatty() and (stdout or sys.stdout).isatty()


def wanted(opts, stdin, stdout=None, environ=None):
    """Whether the screen may open: on a terminal, no --plain, TERM set and not `dumb`."""
    term = (os.environ if environ is None else environ).get("TERM", "")
    return not opts.plain and on_terminal(stdin, stdout) and term not in ("", "dumb")


def evaluator(session, opts, stdin, screen):
    """A function that runs an evaluation fn(): with the live screen when `wanted` (the app
    class from `screen()`, so Textual loads only when it opens), with a one-line progress
    indicator on any other terminal (--plain, TERM=dumb), else fn()."""
    if wanted(opts, stdin):
        preload(screen)
        return lambda fn: run_live(session, fn, ascii=opts.ascii, screen=screen)
    if on_terminal(stdin):
        return lambda fn: run_with_line(session, fn)
    return call


def preload(screen):
    """Import the app (Textual: ~0.2 s of CPU) on a thread now, while the session starts or
    waits at the prompt, so a screen that opens mid-training does not take that time from
    the training. A failed import is left for the screen's own call to meet."""
    def load():
        try:
            screen()
        except Exception:      # noqa: BLE001 - reported (as no screen) when one opens
            pass
    threading.Thread(target=load, name="mnistrepl-preload", daemon=True).start()


def call(fn):
    return fn()
