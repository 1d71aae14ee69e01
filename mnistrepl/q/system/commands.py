"""System commands (`\\t`, `\\c`, `\\P`, `\\v`, `\\l` ...) and the .z / .Q names.
Commands return values; the session decides what to print (q-subset.md §11)."""
import os
import time
import tracemalloc

import numpy as np

from ..errors import QError
from ..registry import KEYWORDS
from ..values import I, J, IDENTITY, Atom, List, Table, Vec, long, string, sym, symvec, to_py_str
from ..functions import Fn
from .oscmd import os_command


def init_names(interp):
    g = interp.globals
    g[".z.f"] = sym("")
    g[".z.x"] = List([])
    g[".Q.A"] = string("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    g[".Q.a"] = string("abcdefghijklmnopqrstuvwxyz")
    g[".Q.n"] = string("0123456789")
    g[".Q.an"] = string("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789")
    g[".Q.t"] = string(" bg xhijefcspmdznuvts")


def run_command(interp, text):
    """Run a system command (text without the leading backslash); return its value."""
    text = text.strip()
    if not text:
        return IDENTITY
    cmd, _, arg = text.partition(" ")
    arg = arg.strip()
    head = cmd.split(":")[0]
    if interp.readonly and head in CHANGES_SESSION and (arg or head in ("l", "\\")):
        raise QError("access")              # reval blocks commands that change state
    handler = COMMANDS.get(head)
    if handler is None:             # not one of q's: an OS command, as in q
        return os_command(interp, text)
    return handler(interp, cmd, arg)


def _timer(interp, cmd, arg):
    reps = 1
    if ":" in cmd:
        try:
            reps = int(cmd.split(":", 1)[1])
        except ValueError:
            raise QError("type")
    if not arg:
        return long(0) if cmd == "t" else IDENTITY
    if cmd.startswith("ts"):
        return _time_space(interp, arg, reps)
    t0 = time.perf_counter()
    for _ in range(reps):
        interp.eval(arg)
    return long(int((time.perf_counter() - t0) * 1000))


def _time_space(interp, arg, reps):
    """`\\ts expr`: `ms bytes`; bytes is the peak of memory allocated while it ran
    (tracemalloc's count, so approximate as the spec allows)."""
    tracing = tracemalloc.is_tracing()
    if not tracing:
        tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    t0 = time.perf_counter()
    try:
        for _ in range(reps):
            interp.eval(arg)
        ms = int((time.perf_counter() - t0) * 1000)
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        if not tracing:
            tracemalloc.stop()
    return Vec(J, np.array([ms, max(0, peak)], dtype=np.int64))


def _console(interp, cmd, arg):
    if not arg:
        return Vec(I, np.array([interp.rows, interp.cols], dtype=np.int32))
    parts = arg.split()
    try:
        r, c = (int(parts[0]), int(parts[1])) if len(parts) > 1 else (int(parts[0]), interp.cols)
    except ValueError:
        raise QError("type")
    interp.rows = min(max(r, 10), 2000)
    interp.cols = min(max(c, 10), 2000)
    return IDENTITY


def _precision(interp, cmd, arg):
    if not arg:
        return Atom(-I, np.int32(interp.precision))
    try:
        p = int(arg)
    except ValueError:
        raise QError("type")
    if not 0 <= p <= 17:
        raise QError("domain")
    interp.precision = p
    return IDENTITY


def _names(kind):
    def run(interp, cmd, arg):
        out = []
        for name, v in interp.globals.items():
            if name.startswith("."):
                continue
            if kind == "f" and isinstance(v, Fn):
                out.append(name)
            elif kind == "v" and not isinstance(v, Fn):
                out.append(name)
            elif kind == "a" and isinstance(v, Table):
                out.append(name)
        return symvec(sorted(out))
    return run


def _cd(interp, cmd, arg):
    if not arg:
        return string(os.getcwd())
    try:
        os.chdir(arg)
    except OSError as e:
        raise QError(f"{arg}. OS reports: {e.strerror}")
    return IDENTITY


def _load(interp, cmd, arg):
    interp.load_script(arg)          # script.py runs commands itself, so it sits above this
    return IDENTITY


def _quit(interp, cmd, arg):
    """`\\\\` (also inside a script or `system`): end the process; the front end sets the status."""
    raise SystemExit(None)


CHANGES_SESSION = frozenset(("c", "P", "cd", "l", "\\"))   # with an argument (\\, \l: always)
COMMANDS = {"t": _timer, "ts": _timer, "c": _console, "P": _precision, "v": _names("v"),
            "f": _names("f"), "a": _names("a"), "cd": _cd, "l": _load, "\\": _quit}


@KEYWORDS.qfunc("system", rank=1, ctx=True)
def system_(interp, x):
    """system "cmd": run a \\ command, or else an OS command, and return its value."""
    return run_command(interp, to_py_str(x))
