"""Evaluator: printing flags, locals, errors located, interrupts, recursion limits and
that nothing but QError ever leaves eval_text (q-subset.md §1, §3, §13)."""
import threading
import time

import pytest

from mnistrepl.q.errors import QError, Stop
from mnistrepl.q.host import BufferHost
from mnistrepl.q.interp import Interp
from mnistrepl.session import Session


@pytest.fixture
def q():
    return Interp(BufferHost())


def run(q, src):
    return q.eval_text(src)


def err(q, src):
    with pytest.raises(QError) as e:
        q.eval_text(src)
    return e.value


@pytest.mark.parametrize("src,show", [
    ("a:2", False), ("(a:2)", False), ("1+a:2", True), ("a::3", False), ("::", False),
    ("1;", False), ("a+:1", False), ("v:1 2;v[0]:5", False), ("2", True)])
def test_show_flag(q, src, show):
    assert run(q, src)[1] is show


def test_untaken_branch_local_is_empty_list(q):
    v, _ = run(q, "{if[x;a:1];a} 0")
    assert type(v).__name__ == "List" and v.items == []


def test_double_colon_on_local_stays_local(q):
    run(q, "{a:1;a::2;a}[]")
    assert "a" not in q.globals


def test_return_and_signal(q):
    assert int(run(q, "{:x+1;2}3")[0].v) == 4
    e = err(q, "{'`boom}[]")
    assert e.name == "boom"
    assert err(q, "'3").name == "stype"


def test_error_location_inside_lambda(q):
    run(q, "g:{x+`a}")
    e = err(q, "g 1")
    assert e.name == "type" and e.lam is not None and e.depth == 1
    assert e.unit.src[e.pos] == "+"


def test_deep_recursion_is_stack(q):
    run(q, "r:{r x}")
    assert err(q, "r 1").name == "stack"
    assert q.depth == 0
    run(q, "f:{$[x=0;0;x+f x-1]}")
    assert int(run(q, "f 1000")[0].v) == 500500


def test_deep_nesting_in_source_is_stack(q):
    assert err(q, "(" * 20000 + "1" + ")" * 20000).name == "stack"


@pytest.mark.parametrize("src", [
    "(" * 3000, "{" * 3000, "f[" * 500, "'[neg]", "1 2 3@", "+/[]", "(;)[1;2;3]",
    "$[]", "if[]", "do[]", "\"\\", "`a`b!", "{x}[1;2;3]", "-': 1", "a.b.c", ".a.b:1;.a.b.c",
    "(+/)[1;2;3]", "{[x;x] x}[1;2]", "@[1;2;3;4;5]", "1 2 3[5]", "(1;2)[0;0]"])
def test_no_python_exception_escapes(q, src):
    try:
        q.eval_text(src)
    except QError:
        pass


def test_request_stop_from_another_thread(q):
    run(q, "b:0")
    timer = threading.Timer(0.2, q.request_stop)
    timer.start()
    t0 = time.perf_counter()
    with pytest.raises(Stop) as e:
        q.eval_text("do[100000000;b:1]")
    timer.join()
    assert e.value.name == "stop"
    assert time.perf_counter() - t0 < 30
    assert int(run(q, "b")[0].v) == 1           # state intact, interpreter usable
    assert q.depth == 0 and not q.stop_requested
    assert int(run(q, "1+1")[0].v) == 2


@pytest.mark.parametrize("loop", [
    "{x+1}/[100000000;0]", "{x+1}\\[{x<0W};0]",
    pytest.param("{x} each til 10000000", marks=pytest.mark.slow),  # builds 10M atoms first
    "{while[1b;x]}[1]",
    "f:{f x};r:{r x}; {x+1}/[{x>-1};0]"])
def test_stop_interrupts_loops(q, loop):
    timer = threading.Timer(0.2, q.request_stop)
    timer.start()
    with pytest.raises(QError) as e:
        q.eval_text(loop)
    timer.join()
    assert e.value.name in ("stop", "wsfull")


def session_lines(lines):
    host = BufferHost()
    s = Session(host)
    prompts = []
    for line in lines:
        s.execute(line)
        prompts.append(s.prompt)
    return s, prompts


def test_debug_levels_nest_and_unwind():
    _, prompts = session_lines(["g:{x+`a}", "g 1", "1+`b", "\\", "\\", "\\"])
    assert prompts == ["q)", "q))", "q)))", "q))", "q)", "q)"]


def test_signal_from_lambda_does_not_enter_debugger():
    _, prompts = session_lines(["s:{'`boom}", "s 1"])
    assert prompts[-1] == "q)"
