"""Running an evaluation with the screen (live.py): the worker thread, the output held
while the screen is up and written in order after, Ctrl-C, and when the screen may open.
The Textual app itself is replaced by a stub here (the pty tests run the real one)."""
import io
import sys
import threading
import time
from types import SimpleNamespace

import pytest

from mnistrepl.session import Session, StreamHost
from mnistrepl.ui import screen
from mnistrepl.ui.screen import live


class Tty(io.StringIO):
    def isatty(self):
        return True


def session():
    return Session(StreamHost(out=io.StringIO(), err=io.StringIO()))


def emit_batches(s, n=3):
    for b in range(1, n + 1):
        s.events().emit("batch", phase="train", batch=b, batches=n, rows=100 * b, loss=0.5)


def test_fast_evaluation_never_opens_the_screen(monkeypatch):
    monkeypatch.setattr(live, "show", lambda *a: pytest.fail("the screen opened"))
    s = session()
    assert live.run_live(s, lambda: s.execute("1+1")) is True
    assert s.host.out.getvalue() == "2\n" and s.host.tap is None
    assert not s.events().subscribers


def test_output_is_held_while_the_screen_is_up_and_written_after_in_order(monkeypatch):
    s = session()
    seen = {}

    def fake_show(state, worker, stopper, ascii, screen=None):
        seen["before"] = s.host.out.getvalue()
        worker.finished.wait(10)
        seen["during"] = s.host.out.getvalue()
        seen["log"] = state.snapshot().log

    def evaluation():
        s.execute('-1"first";')
        emit_batches(s)
        time.sleep(0.2)
        s.execute('-1"second";')
        s.execute("til 3")
        return "value"

    monkeypatch.setattr(live, "show", fake_show)
    assert live.run_live(s, evaluation, open_after=0.05) == "value"
    assert seen["before"] == "first\n"                 # printed before the screen opened
    assert seen["during"] == "first\n"                 # held while it was up
    assert seen["log"] == ["first", "second", "0 1 2"]  # shown in its log pane
    assert s.host.out.getvalue() == "first\nsecond\n0 1 2\n"
    assert s.host.tap is None


def test_a_failing_screen_leaves_the_run_and_its_output(monkeypatch):
    def broken(*a):
        raise RuntimeError("no terminal after all")
    monkeypatch.setattr(live, "show", broken)
    s = session()

    def evaluation():
        emit_batches(s)
        time.sleep(0.1)
        s.execute("1+1")
        return "done"
    assert live.run_live(s, evaluation, open_after=0) == "done"
    assert s.host.out.getvalue() == "2\n"


def test_screen_waits_for_training_events(monkeypatch):
    opened = []
    monkeypatch.setattr(live, "show", lambda *a: opened.append(1))
    s = session()
    live.run_live(s, lambda: time.sleep(0.3), open_after=0.05)
    assert not opened                                   # long, but no train or test pass


def test_exit_and_errors_come_back_to_the_main_thread(monkeypatch):
    monkeypatch.setattr(live, "show", lambda *a: None)
    s = session()
    with pytest.raises(SystemExit):
        live.run_live(s, lambda: s.execute("\\\\"))
    with pytest.raises(ZeroDivisionError):
        live.run_live(s, lambda: 1 / 0)


def test_ctrl_c_on_the_screen_stops_at_the_next_batch_and_keeps_variables(monkeypatch):
    s = session()

    def fake_show(state, worker, stopper, ascii, screen=None):
        stopper.press()                                 # what the app's Ctrl-C does
        worker.finished.wait(10)

    def evaluation():
        s.execute("a:42")
        emit_batches(s)
        return s.execute("{do[1000000; x+:1]; x} 0")   # stops at its next safe point

    monkeypatch.setattr(live, "show", fake_show)
    assert live.run_live(s, evaluation, open_after=0) is False
    assert s.host.out.getvalue().startswith("'stop\n")
    s.host.out.truncate(0), s.host.out.seek(0)
    s.execute("a")
    assert s.host.out.getvalue() == "42\n"


def test_second_ctrl_c_interrupts_python_at_once():
    stuck = threading.Event()

    def evaluation():
        try:
            while True:
                stuck.set()
        except KeyboardInterrupt:
            return "interrupted"

    w = live.Evaluation(evaluation)
    w.start()
    stuck.wait(5)
    stopper = live.Stopper(SimpleNamespace(interrupt=lambda: None), w)
    stopper.press()
    assert not w.finished.wait(0.2)                    # the first press only asks
    stopper.press()
    assert w.finished.wait(5) and w.result() == "interrupted"


def test_wanted_only_on_a_terminal():
    tty = Tty()
    opts = SimpleNamespace(plain=False, ascii=False)
    term = {"TERM": "xterm-256color"}
    old = sys.stdin
    sys.stdin = tty
    try:
        assert screen.wanted(opts, tty, tty, term)
        assert not screen.wanted(SimpleNamespace(plain=True), tty, tty, term)
        assert not screen.wanted(opts, tty, tty, {"TERM": "dumb"})
        assert not screen.wanted(opts, tty, tty, {})
        assert not screen.wanted(opts, tty, io.StringIO(), term)     # stdout a pipe
        assert not screen.wanted(opts, io.StringIO(), tty, term)     # not the process's stdin
    finally:
        sys.stdin = old
    assert screen.evaluator(None, opts, io.StringIO(), None) is screen.call


def test_evaluator_preloads_the_app_on_a_thread_where_a_screen_may_open(monkeypatch):
    tty = Tty()
    loaded = threading.Event()
    threads = []

    def app():
        threads.append(threading.current_thread())
        loaded.set()
    monkeypatch.setattr(sys, "stdin", tty)
    monkeypatch.setattr(sys, "stdout", tty)
    monkeypatch.setenv("TERM", "xterm-256color")
    evaluate = screen.evaluator(None, SimpleNamespace(plain=False, ascii=False), tty, app)
    assert evaluate is not screen.call
    assert loaded.wait(5) and threads[0] is not threading.main_thread()


def test_screen_cpu_counts_the_main_thread_and_not_the_threads_already_running():
    busy = threading.Event()
    stop = threading.Event()

    def spin():                     # a training thread: alive before the mark
        busy.set()
        while not stop.is_set():
            sum(range(1000))
    t = threading.Thread(target=spin)
    t.start()
    busy.wait()
    try:
        mark = live.cpu_mark()
        t0 = time.thread_time()
        while time.thread_time() - t0 < 0.3:      # the screen's own work
            sum(range(1000))
        screen_cpu = live.screen_cpu(mark)
    finally:
        stop.set()
        t.join()
    if not live._tasks():
        pytest.skip("no /proc/self/task here")
    assert 0.25 <= screen_cpu < 0.45


def test_screen_cpu_is_recorded_only_where_asked_and_the_screen_opened(monkeypatch, tmp_path):
    path = tmp_path / "stats.jsonl"
    live.record(0.5, 10.0)                       # no variable: nothing written
    monkeypatch.setenv("MNISTREPL_SCREEN_STATS", str(path))
    live.record(None, 3.0)                       # the screen never opened
    assert not path.exists()
    live.record(0.5, 10.0)
    assert path.read_text() == '{"screen_cpu": 0.5, "wall": 10.0}\n'


def test_session_import_does_not_import_textual():
    import subprocess
    code = ("import sys, mnistrepl.session, mnistrepl.ui.screen, mnistrepl.cli; "
            "print(any(m.split('.')[0] == 'textual' for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "False"


def test_plain_progress_line_is_wiped_before_output_and_at_the_end(monkeypatch):
    from mnistrepl.ui.screen import plainline
    s = session()
    monkeypatch.setattr(plainline, "REDRAW", 0.0)

    def evaluation():
        emit_batches(s, 2)
        s.execute("1+1")
        emit_batches(s, 1)
        return "v"
    assert plainline.run_with_line(s, evaluation) == "v"
    out = s.host.out.getvalue()
    assert "\rtrain 1/2 [" in out and "\rtrain 2/2 [" in out
    assert out.replace("\r", "\n").split("\n")[-1] == ""          # wiped at the end
    shown = out.split("2\n")[0].split("\r")[-2]                     # wiped before `2`
    assert shown.strip() == "" and out.isascii()
    assert s.host.tap is None and not s.events().subscribers


def test_second_ctrl_c_never_cuts_an_import_short(tmp_path, monkeypatch):
    """The worker inside an import (torch's, on a first api call): interrupt_now waits it out."""
    import importlib
    gate = threading.Event()
    started = threading.Event()
    (tmp_path / "slow_module_for_test.py").write_text(
        "import builtins\nbuiltins._slow_started.set()\nbuiltins._slow_gate.wait(10)\n")
    import builtins
    monkeypatch.setattr(builtins, "_slow_gate", gate, raising=False)
    monkeypatch.setattr(builtins, "_slow_started", started, raising=False)
    monkeypatch.syspath_prepend(str(tmp_path))
    worker = live.Evaluation(lambda: importlib.import_module("slow_module_for_test"))
    worker.start()
    assert started.wait(10)
    assert worker.importing()
    worker.interrupt_now()                  # ignored: the import goes on
    gate.set()
    worker.join(10)
    assert worker.error is None and worker.value.__name__ == "slow_module_for_test"
