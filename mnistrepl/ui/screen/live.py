"""Running one evaluation with the live screen: the threads and the output.

The evaluation (a `\\l`, a typed line) runs on a worker thread; the main thread waits.
Once the api has reported a train or test batch and the evaluation has run OPEN_AFTER
seconds, the main thread opens the Textual app (Textual wants the main thread: it sets
signal handlers) and it redraws from the shared TrainState until the worker ends.

Output: the session host's `tap` sends printed text to the terminal as usual until the
screen opens; from then on it is kept, and written to the terminal in order once the
screen has closed, so the scrollback holds the plain transcript `--plain` would print.

Ctrl-C: before the screen opens, SIGINT reaches the main thread as usual (repl.py's
handler asks the session to stop; a second press raises KeyboardInterrupt here, which is
passed on to the worker). While the screen is up the terminal is raw and Ctrl-C is a key:
the app calls Stopper.press, which does the same two steps.
"""
import ctypes
import ctypes.util
import json
import os
import sys
import threading
import time

from .state import TrainState

OPEN_AFTER = 0.5            # seconds an evaluation runs before the screen opens
POLL = 0.05                 # seconds between the main thread's looks at the worker
M_ARENA_MAX = -8            # glibc's mallopt parameter number
SWITCH = 0.001              # the GIL's switch interval while the screen is up: a redraw
                            # (~10 ms of Python) makes the training thread wait at most this


class Evaluation(threading.Thread):
    """fn() on its own thread; `result()` returns its value or raises its exception."""

    def __init__(self, fn):
        super().__init__(name="mnistrepl-evaluation", daemon=True)
        self.fn = fn
        self.value, self.error = None, None
        self.finished = threading.Event()
        self.at_end = None            # called on this thread as fn returns (a CPU count)

    def run(self):
        try:
            try:
                self.value = self.fn()
            except BaseException as e:        # SystemExit (`\\`) included: re-raised in main
                self.error = e
            finally:
                try:
                    if self.at_end is not None:
                        self.at_end()
                finally:
                    self.finished.set()
        except KeyboardInterrupt:             # an interrupt that landed as fn returned
            self.finished.set()

    def interrupt_now(self):
        """Raise KeyboardInterrupt in the worker at its next Python instruction, unless it
        is importing a module (torch cut off half-way stays broken for the process): then
        the first press's 'stop comes once the import is done."""
        if self.ident is not None and not self.finished.is_set() and not self.importing():
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self.ident),
                                                       ctypes.py_object(KeyboardInterrupt))

    def importing(self):
        """Whether the worker is inside an import (a frame of importlib's bootstrap)."""
        frame = sys._current_frames().get(self.ident)
        while frame is not None:
            if frame.f_code.co_filename.startswith("<frozen importlib"):
                return True
            frame = frame.f_back
        return False

    def result(self):
        if self.error is not None:
            raise self.error
        return self.value


class Stopper:
    """Ctrl-C while the screen is up: first press 'stop at the next batch, second at once."""

    def __init__(self, session, worker):
        self.session, self.worker, self.presses = session, worker, 0

    def press(self):
        self.presses += 1
        if self.presses == 1:
            self.session.interrupt()
        else:
            self.worker.interrupt_now()


class Capture:
    """The host's tap: text goes through until `hold()`, is kept until `release()`, and
    always reaches the screen's log pane."""

    def __init__(self, host, state):
        self.host, self.state = host, state
        self.lock = threading.Lock()
        self.kept = None

    def write(self, fd, text):
        with self.lock:
            if self.kept is None:
                self.host.emit(fd, text)
            else:
                self.kept.append((fd, text))
        self.state.on_output(text)

    def hold(self):
        with self.lock:
            self.kept = []

    def release(self):
        """Write what was kept, in order, and let text through again."""
        with self.lock:
            kept, self.kept = self.kept or [], None
            for fd, text in kept:
                self.host.emit(fd, text)


def run_live(session, fn, ascii=False, open_after=OPEN_AFTER, screen=None):
    """fn() — an evaluation in `session` — with the live screen; its result. `screen()`
    gives the Textual app class (the caller imports Textual only when a screen opens)."""
    state = TrainState()
    hub, host = session.events(), session.host
    capture = Capture(host, state)
    one_malloc_arena()
    worker = Evaluation(fn)
    hub.subscribe(state.on_event)
    host.tap = capture.write
    t0, cpu = time.perf_counter(), {}
    try:
        worker.start()         # its stack: glibc's default, the main thread's ulimit -s
        if wait(worker, lambda: state.trained, open_after):
            capture.hold()
            mark = cpu_mark()
            worker.at_end = lambda: cpu.setdefault("screen", screen_cpu(mark))
            try:
                show(state, worker, Stopper(session, worker), ascii, screen=screen)
            except Exception:      # noqa: BLE001 - a display that fails must not end the
                pass               # session: the run goes on and its output follows as usual
            finally:
                wait(worker, lambda: False, 0)   # the app may close first (an error)
                capture.release()
        wait(worker, lambda: False, 0)
    finally:
        host.tap = None
        hub.unsubscribe(state.on_event)
        record(cpu.get("screen"), time.perf_counter() - t0)
    return worker.result()


def one_malloc_arena():
    """Let the worker thread allocate from the main thread's malloc arena (glibc only).

    glibc gives a new thread its own arena, and torch's per-batch tensors there cost the
    training far more (page faults as that arena's heap is trimmed and regrown): linear.q,
    one epoch of 5000 images, took 12.6 s (`\\ts`) on a worker thread against 7.0 s on the
    main thread, and 6.2 s on a worker thread with one arena. Python holds the GIL around
    most allocations, so one arena adds little lock contention."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt(M_ARENA_MAX, 1)
    except (OSError, AttributeError):       # not glibc: nothing to set
        pass


def cpu_mark():
    """This process's CPU seconds and the clock ticks of each thread but the main one."""
    main = str(threading.main_thread().native_id)
    return sum(os.times()[:2]), {t: _ticks(t) for t in _tasks() if t != main}


def screen_cpu(mark):
    """CPU seconds the screen's threads spent since `mark` (Linux: /proc): the process's
    less what the threads already running at the mark (the evaluation, torch's) spent.
    Taken on the evaluation's thread as it ends, while those threads are still alive."""
    total, ticks = cpu_mark()
    total0, ticks0 = mark
    others = sum(ticks[t] - ticks0[t] for t in ticks0
                 if ticks.get(t) is not None and ticks0[t] is not None)
    return total - total0 - others / os.sysconf("SC_CLK_TCK")


def _tasks():
    try:
        return os.listdir("/proc/self/task")
    except OSError:
        return []


def _ticks(tid):
    """utime + stime of a thread in clock ticks (None once it has gone)."""
    try:
        with open(f"/proc/self/task/{tid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, IndexError, ValueError):
        return None


def record(screen_cpu, wall):
    """For bench/screen_overhead.py, after an evaluation that opened the screen: the CPU
    seconds the screen's threads spent (importing
    Textual, drawing) against the evaluation's wall seconds, appended as a JSON line to the
    file $MNISTREPL_SCREEN_STATS names (nothing without it)."""
    path = os.environ.get("MNISTREPL_SCREEN_STATS")
    if path and screen_cpu is not None:
        with open(path, "a") as f:
            f.write(json.dumps({"screen_cpu": screen_cpu, "wall": wall}) + "\n")


def wait(worker, ready, after):
    """Wait until the worker ends (False) or `ready()` holds after `after` seconds (True).
    KeyboardInterrupt here (a second Ctrl-C) is passed on to the worker."""
    t0 = time.perf_counter()
    while True:
        try:
            if worker.finished.wait(POLL):
                return False
            if time.perf_counter() - t0 >= after and ready():
                return True
        except KeyboardInterrupt:
            worker.interrupt_now()


def show(state, worker, stopper, ascii, screen):
    """Run the Textual app (class `screen()`) inline until the worker ends; under --ascii
    its output stream turns any non-7-bit character into `?` (a safety net under the
    ASCII-only panes)."""
    app = screen()(state, stop=stopper.press, done=worker.finished.is_set, ascii=ascii)
    saved = sys.__stderr__                   # where Textual's drivers write
    if ascii:
        sys.__stderr__ = open(saved.fileno(), "w", encoding="ascii", errors="replace",
                              closefd=False)
    switch = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH)
    try:
        app.run(inline=True)
    finally:
        sys.setswitchinterval(switch)
        if ascii:
            sys.__stderr__.flush()
            sys.__stderr__ = saved
