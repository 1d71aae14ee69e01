"""Benchmark of the q core against plain Python / NumPy doing the same work, same run.

    python bench/q_core.py [--repeat N] [--only TEXT] [--cpu]

The first table has a goal per row, the largest ratio q time / Python or NumPy time it may
take (the q core's hot paths; xbar, bin, lj and aj over a million rows). The second table
keeps older figures without a goal. Times are wall-clock seconds, best of N; --cpu takes
the process's CPU seconds instead (the same for this single-threaded work on an idle
machine, far less sensitive to other jobs on a busy one).
Not part of the test suite (timings never go in tests; tests/q/test_complexity.py counts work).
"""
import argparse
import time

import numpy as np

from mnistrepl.q.host import BufferHost
from mnistrepl.q.interp import Interp

N_BIN = 1_000_000
N_ROWS = 1_000_000
V_NP = np.arange(N_BIN, dtype=np.int64) * 7 % 100_000    # the same data as v, s, m in q
S_NP = np.arange(0, 100_000, 10, dtype=np.int64)
M_NP = (np.arange(N_BIN, dtype=np.int64) % 1440).astype(np.int32)
A_NP = (np.arange(N_ROWS, dtype=np.int64) * 37 % 1000) / 10.0   # t.a, floats
B_NP = np.arange(N_ROWS, dtype=np.int64) * 13 % 1000             # t.b, int keys
F_NP = np.sin(np.arange(N_BIN, dtype=np.float64))                # f, floats to sort
SETUP = ("v:(7*til 1000000) mod 100000;s:10*til 10000;m:`minute$(til 1000000) mod 1440;"
         "t:([] a:((37*til 1000000) mod 1000)%10; b:(13*til 1000000) mod 1000);"
         "ts:update b:`$string b from t;f:sin `float$til 1000000")


CLOCK = [time.perf_counter]      # or time.process_time (--cpu)


def best(fn, repeat):
    """Best time of `repeat` runs of fn(), in seconds."""
    clock, times = CLOCK[0], []
    for _ in range(repeat):
        t0 = clock()
        fn()
        times.append(clock() - t0)
    return min(times)


def py_append():
    x = []
    for _ in range(100_000):
        x.append(1)
    return x


def py_amend():
    a = np.arange(1_000_000)
    t0 = CLOCK[0]()
    for _ in range(10_000):
        a[5] = 1
    return CLOCK[0]() - t0


def py_loop(n):
    x = 0
    f = lambda x: x + 1     # noqa: E731  (the same work: one call per step)
    for _ in range(n):
        x = f(x)
    return x


def np_group(keys):
    u, inv = np.unique(keys, return_inverse=True)
    return u, np.bincount(inv, weights=A_NP)


def py_group_sym():
    """Symbols factorised through a dict (np.unique on str objects is far slower)."""
    pos = {}
    codes = np.fromiter((pos.setdefault(s, len(pos)) for s in B_SYM), np.int64, N_ROWS)
    return list(pos), np.bincount(codes, weights=A_NP)


TENS = [np.arange(10) for _ in range(100_000)]
B_SYM = B_NP.astype(str).astype(object)


def issue_cases(interp):
    """(q expression, q runner, Python/NumPy runner, goal ratio)."""
    q = interp.eval
    return [
        ("x:(); do[100000; x,:1]", lambda: q("x:(); do[100000; x,:1]"), py_append, 20),
        ("x:til 1000000; do[10000; x[5]:1]", lambda: q("x:til 1000000; do[10000; x[5]:1]"),
         None, 20),
        ("raze 100000#enlist til 10", lambda: q("raze 100000#enlist til 10"),
         lambda: np.concatenate(TENS), 3),
        ("select sum a by b from t (1M)", lambda: q("select sum a by b from t"),
         lambda: np_group(B_NP), 2),
        ("select sum a by b from ts (sym)", lambda: q("select sum a by b from ts"),
         py_group_sym, 2),
        ("{x*x} each til 100000", lambda: q("{x*x} each til 100000"),
         lambda: [x * x for x in range(100_000)], 20),
        ("{x+1}/[1000000;0]", lambda: q("{x+1}/[1000000;0]"), lambda: py_loop(1_000_000), 8),
        ("asc f (1M floats)", lambda: q("asc f"), lambda: np.sort(F_NP, kind="stable"), 2),
        ("sum til 10000000", lambda: q("sum til 10000000"),
         lambda: np.arange(10_000_000).sum(), 1.5),
    ]


N_JOIN = 1_000_000
JOIN_SETUP = """
jt:([]k:1000000?100000;v:1000000?1.0)
jk:([k:-100000?100000]w:100000?1.0)
at:([]sym:1000000?`ibm`msft`ge`aapl`goog;time:asc 1000000?100000000;qty:1000000?100)
aq:([]sym:1000000?`ibm`msft`ge`aapl`goog;time:asc 1000000?100000000;px:1000000?1.0)
"""


def keyword_cases(interp):
    """xbar and bin over 1,000,000 items, and lj and aj over 1,000,000 rows against NumPy doing the same matching: a sort and a
    binary search (lj), a factorised symbol, a lexsort and a binary search (aj)."""
    if "jt" not in interp.globals:
        for line in JOIN_SETUP.strip().split("\n"):
            interp.eval(line)
    col = lambda t, c: interp.eval(f"{t}`{c}").a            # noqa: E731
    tk, kk = col("jt", "k"), interp.eval("exec k from key jk").a
    kw = interp.eval("exec w from value jk").a
    ts, tt = col("at", "sym"), col("at", "time")
    qs, qt, qp = col("aq", "sym"), col("aq", "time"), col("aq", "px")

    def np_lj():
        order = np.argsort(kk, kind="stable")
        pos = np.minimum(np.searchsorted(kk[order], tk), len(kk) - 1)
        hit = kk[order][pos] == tk
        return np.where(hit, kw[order[pos]], np.nan)

    def np_aj():
        _, inv = np.unique(np.concatenate((qs, ts)), return_inverse=True)
        cq, ct = inv[:len(qs)], inv[len(qs):]
        order = np.lexsort((qt, cq))
        key = cq[order] * (2 ** 32) + qt[order]
        pos = np.searchsorted(key, ct * (2 ** 32) + tt, side="right") - 1
        ok = (pos >= 0) & (cq[order][np.maximum(pos, 0)] == ct)
        return np.where(ok, qp[order][np.maximum(pos, 0)], np.nan)

    return [
        ("15 xbar v", lambda: interp.eval("15 xbar v"), lambda: 15 * (V_NP // 15), 5),
        ("15 xbar m (minute)", lambda: interp.eval("15 xbar m"),
         lambda: (M_NP // 15 * 15).astype(np.int32), 5),
        ("s bin v", lambda: interp.eval("s bin v"),
         lambda: np.searchsorted(S_NP, V_NP, side="right") - 1, 5),
        ("jt lj jk", lambda: interp.eval("jt lj jk"), np_lj, 5),
        ("aj[`sym`time;at;aq]", lambda: interp.eval("aj[`sym`time;at;aq]"), np_aj, 5),
    ]


def other_cases(interp):
    q = interp.eval
    return [
        ("til 10000000", lambda: q("til 10000000"), lambda: np.arange(10_000_000)),
        ("sum 10000000#1", lambda: q("sum 10000000#1"), lambda: np.full(10_000_000, 1).sum()),
        ("1+til 1000000", lambda: q("1+til 1000000"), lambda: 1 + np.arange(1_000_000)),
    ]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", default="", help="run only the rows whose expression holds TEXT")
    ap.add_argument("--cpu", action="store_true", help="CPU seconds instead of wall-clock")
    opts = ap.parse_args()
    repeat, only = opts.repeat, opts.only
    if opts.cpu:
        CLOCK[0] = time.process_time
    interp = Interp(BufferHost())
    interp.eval(SETUP)
    assert int(interp.eval("{x+1}/[100000;0]").v) == 100_000
    assert int(interp.eval("sum til 10000000").v) == 10_000_000 * 9_999_999 // 2
    print(f"{'CPU' if opts.cpu else 'wall-clock'} milliseconds, best of {repeat}")
    print(f"{'q expression':<34} {'q ms':>9} {'py/np ms':>9} {'ratio':>8} {'goal':>6}  ok")
    for name, q_fn, py_fn, goal in issue_cases(interp) + keyword_cases(interp):
        if only not in name:
            continue
        tq = best(q_fn, repeat)
        tp = min(py_amend() for _ in range(repeat)) if py_fn is None else best(py_fn, repeat)
        ok = "yes" if tq / tp <= goal else "NO"
        print(f"{name:<34} {tq * 1e3:9.2f} {tp * 1e3:9.2f} {tq / tp:7.1f}x {goal:5}x  {ok}")
    print(f"\n{'q expression':<34} {'q ms':>9} {'py/np ms':>9} {'ratio':>8}")
    for name, q_fn, py_fn in other_cases(interp):
        if only not in name:
            continue
        tq, tp = best(q_fn, repeat), best(py_fn, repeat)
        print(f"{name:<34} {tq * 1e3:9.2f} {tp * 1e3:9.2f} {tq / tp:7.1f}x")


if __name__ == "__main__":
    main()
