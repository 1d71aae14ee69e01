"""Moving-window keywords (code.kx.com/q/ref/stats-moving): msum mcount mavg mdev mmax
mmin over the last x items (fewer at the start), and ema. As in q.k:
msum is sums minus sums x items back (nulls count 0), mcount is x msum not null y,
mavg is msum%mcount, mdev is sqrt mavg[x;y*y]-m*m, mmax/mmin fold | and & over the window
(null is the lowest value). Uniform: dictionaries by value, tables by column."""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ..prims.atomic import data
from ..errors import QError
from ..registry import KEYWORDS
from ..values import (F, I, S, FLOATING, INTEGRAL, NULL_INT, Atom, Vec,
                      from_items, items, null_mask)
from .aggregates import uniform, sums
from .stats import floats

kw = KEYWORDS.qfunc


def _window(x):
    """The window length: a non-negative integral atom."""
    if not (isinstance(x, Atom) and -x.t in INTEGRAL):
        raise QError("type")
    n = int(x.v)
    if n < 0 or (-x.t in NULL_INT and n == NULL_INT[-x.t]):
        raise QError("domain")
    return n


def _moving(fn):
    """fn(n, Vec) -> Vec lifted to q's argument forms (atom y: 'rank; lists item-wise)."""
    def run(x, y):
        n = _window(x)
        if isinstance(y, Atom):
            raise QError("rank")
        return uniform(y, lambda v: fn(n, v), lambda its: _by_column(fn, n, its))
    return run


def _by_column(fn, n, its):
    """A general list (matrix rows) moves row over row: transpose, move, transpose back."""
    cols = [from_items(list(c)) for c in zip(*[items(i) for i in its])]
    if not all(isinstance(c, Vec) for c in cols):      # deeper than a matrix
        raise QError("type")
    moved = [fn(n, c) for c in cols]
    return from_items([from_items([items(m)[k] for m in moved]) for k in range(len(its))])


def _shift_sub(run, n):
    """run - run shifted n items later (zeros before the start)."""
    back = np.zeros_like(run)
    if n < len(run):
        back[n:] = run[:len(run) - n]
    return run - back


def _msum(n, v):
    s = sums(v)
    return Vec(s.t, _shift_sub(s.a, n).astype(s.a.dtype))


def _mcount(n, v):
    return Vec(I, _shift_sub(np.cumsum(~null_mask(v), dtype=np.int64), n).astype(np.int32))


def _mavg_f(n, a):
    ok = ~np.isnan(a)
    with np.errstate(all="ignore"):
        return _shift_sub(np.cumsum(np.where(ok, a, 0.0)), n) / _shift_sub(np.cumsum(ok), n)


def _mavg(n, v):
    return Vec(F, _mavg_f(n, floats(v)))


def _mdev(n, v):
    a = floats(v)
    m = _mavg_f(n, a)
    with np.errstate(all="ignore"):
        return Vec(F, np.sqrt(np.maximum(_mavg_f(n, a * a) - m * m, 0.0)))


def _extreme(is_max):
    def run(n, v):
        if v.t == S:
            raise QError("type")
        t, a = data(v)
        if len(a) == 0 or n <= 1:
            return v
        padded = np.concatenate((np.repeat(a[:1], n - 1), a))
        win = sliding_window_view(padded, n)
        if t in FLOATING:
            r = np.fmax.reduce(win, axis=1) if is_max else np.min(win, axis=1)
        else:
            r = win.max(axis=1) if is_max else win.min(axis=1)
        return Vec(t, r.astype(a.dtype))
    return run


for _name, _fn in (("msum", _msum), ("mcount", _mcount), ("mavg", _mavg), ("mdev", _mdev),
                   ("mmax", _extreme(True)), ("mmin", _extreme(False))):
    KEYWORDS.add(_name, _moving(_fn), 2)


@kw("ema", rank=2)
def ema(x, y):
    """x ema y: exponential moving average, r[i] = (1-x)*r[i-1] + x*y[i], r[0] = y[0].

    q)ema[1%3;1,4#0]
    1 0.6666667 0.4444444 0.2962963 0.1975309
    """
    if isinstance(y, Atom):
        raise QError("rank")

    def one(v):
        b = floats(v)
        a = np.broadcast_to(floats(x), b.shape) if len(b) else b
        out = np.empty_like(b)
        acc = b[0] if len(b) else 0.0
        for i in range(len(b)):      # a recurrence: each step needs the one before
            acc = b[i] if i == 0 else (1 - a[i]) * acc + a[i] * b[i]
            out[i] = acc
        return Vec(F, out)
    if isinstance(x, Vec) and isinstance(y, Vec) and len(x.a) != len(y.a):
        raise QError("length")
    return uniform(y, one, lambda its: QError("type"))


