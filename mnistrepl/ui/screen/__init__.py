"""The live Textual screen shown while a model trains (product.md §6).

    evaluator(session, opts, stdin)   fn -> fn(), run with the screen where it may open

state.py    TrainState: the api's events and the printed text, for the screen to draw
render.py   each pane's lines from a snapshot (plain text; 7-bit under --ascii)
widgets.py  the Textual panes; app.py the App; screen.tcss its layout
live.py     the worker thread, the output held while the screen is up, Ctrl-C

Nothing here is imported on a pipe, and Textual only when the screen opens.
"""
import os
import sys


def wanted(opts, stdin, stdout=None, environ=None):
    """Whether the screen may open: stdin and stdout are the process's terminals, no
    --plain, and TERM is set and not `dumb`."""
    stdout = stdout or sys.stdout
    term = (os.environ if environ is None else environ).get("TERM", "")
    return (not opts.plain and stdin is sys.stdin and stdin.isatty() and stdout.isatty()
            and term not in ("", "dumb"))


def evaluator(session, opts, stdin):
    """A function that runs an evaluation fn(): with the live screen when `wanted`,
    else simply fn()."""
    if not wanted(opts, stdin):
        return call
    from .live import run_live
    return lambda fn: run_live(session, fn, ascii=opts.ascii)


def call(fn):
    return fn()
