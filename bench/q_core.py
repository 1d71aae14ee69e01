"""Benchmark of the q core against plain Python / NumPy doing the same work, same run.

    python bench/q_core.py [--repeat N]

Goals: `{x+1}/[100000;0]` at most 5 us per lambda application; `sum til 10000000`
within 2x of NumPy's `np.arange(10000000).sum()`; `xbar` and `bin` over 1,000,000 items
within 5x of the NumPy code. Prints figures and ratios.
Not part of the test suite.
"""
import argparse
import time

import numpy as np

from mnistrepl.q.host import BufferHost
from mnistrepl.q.interp import Interp

N_APPLY = 100_000
N_SUM = 10_000_000
N_BIN = 1_000_000
V_NP = np.arange(N_BIN, dtype=np.int64) * 7 % 100_000    # the same data as v, s, m in q
S_NP = np.arange(0, 100_000, 10, dtype=np.int64)
M_NP = (np.arange(N_BIN, dtype=np.int64) % 1440).astype(np.int32)


def best(fn, repeat):
    """Best wall time of `repeat` runs of fn(), in seconds."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def py_loop():
    x = 0
    f = lambda x: x + 1     # noqa: E731  (the same work: one call per step)
    for _ in range(N_APPLY):
        x = f(x)
    return x


def cases(interp):
    """(name, q source, q runner, python runner, units for the per-item figure)."""
    return [
        ("{x+1}/[100000;0]", lambda: interp.eval("{x+1}/[100000;0]"), py_loop, N_APPLY),
        ("sum til 10000000", lambda: interp.eval("sum til 10000000"),
         lambda: np.arange(N_SUM).sum(), N_SUM),
        ("til 10000000", lambda: interp.eval("til 10000000"), lambda: np.arange(N_SUM), N_SUM),
        ("sum 10000000#1", lambda: interp.eval("sum 10000000#1"),
         lambda: np.full(N_SUM, 1).sum(), N_SUM),
        ("1+til 1000000", lambda: interp.eval("1+til 1000000"),
         lambda: 1 + np.arange(1_000_000), 1_000_000),
        ("15 xbar v", lambda: interp.eval("15 xbar v"),
         lambda: 15 * (V_NP // 15), N_BIN),
        ("15 xbar m (minute)", lambda: interp.eval("15 xbar m"),
         lambda: (M_NP // 15 * 15).astype(np.int32), N_BIN),
        ("s bin v", lambda: interp.eval("s bin v"),
         lambda: np.searchsorted(S_NP, V_NP, side="right") - 1, N_BIN),
    ] + join_cases(interp)


N_JOIN = 1_000_000
JOIN_SETUP = """
jt:([]k:1000000?100000;v:1000000?1.0)
jk:([k:-100000?100000]w:100000?1.0)
at:([]sym:1000000?`ibm`msft`ge`aapl`goog;time:asc 1000000?100000000;qty:1000000?100)
aq:([]sym:1000000?`ibm`msft`ge`aapl`goog;time:asc 1000000?100000000;px:1000000?1.0)
"""


def join_cases(interp):
    """lj and aj over 1,000,000 rows against NumPy doing the same matching: a sort and a
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
        ("jt lj jk", lambda: interp.eval("jt lj jk"), np_lj, N_JOIN),
        ("aj[`sym`time;at;aq]", lambda: interp.eval("aj[`sym`time;at;aq]"), np_aj, N_JOIN),
    ]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    repeat = ap.parse_args().repeat
    interp = Interp(BufferHost())
    interp.eval("v:(7*til 1000000) mod 100000;s:10*til 10000;m:`minute$(til 1000000) mod 1440")
    assert int(interp.eval("{x+1}/[100000;0]").v) == N_APPLY
    assert int(interp.eval("sum til 10000000").v) == N_SUM * (N_SUM - 1) // 2
    print(f"{'q expression':<20} {'q ms':>9} {'py/np ms':>9} {'ratio':>7} {'q us/item':>10}")
    for name, q_fn, py_fn, n in cases(interp):
        tq, tp = best(q_fn, repeat), best(py_fn, repeat)
        print(f"{name:<20} {tq * 1e3:9.2f} {tp * 1e3:9.2f} {tq / tp:6.1f}x {tq / n * 1e6:10.4f}")
    tq = best(cases(interp)[0][1], repeat)
    print(f"\nlambda application: {tq / N_APPLY * 1e6:.2f} us each (goal <= 5 us)")
    ts = best(cases(interp)[1][1], repeat)
    tn = best(cases(interp)[1][2], repeat)
    print(f"sum til 10000000: {ts / tn:.2f}x NumPy (goal <= 2x)")


if __name__ == "__main__":
    main()
