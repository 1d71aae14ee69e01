"""Functions in the .Q namespace (q-subset.md §11.4): .Q.f .Q.fmt .Q.s .Q.s1.
Registered in registry.SYSTEM, which the interpreter installs as globals."""
import math

import numpy as np

from .errors import QError
from .registry import SYSTEM
from .textwords import qstr
from .values import INTEGRAL, NUMERIC, NULL_INT, Atom, string

qn = SYSTEM.qfunc


def _int(x):
    if isinstance(x, Atom) and -x.t in INTEGRAL:
        return int(x.v)
    raise QError("type")


def _number(y):
    """Float value of a numeric atom (nan for nulls)."""
    if not (isinstance(y, Atom) and -y.t in NUMERIC):
        raise QError("type")
    t = -y.t
    if t in NULL_INT and int(y.v) == NULL_INT[t]:
        return math.nan
    return float(y.v)


def format_fixed(d, v, precision):
    """q's .Q.f: {$[^y;"";y<0;"-",f[x;-y];y<1;1_f[x;10+y];9e15>j:"j"$y*prd x#10f;
    (x_j),".",(x:-x)#j:$j;$y]} (q.k)."""
    from .display import float_text
    if math.isnan(v):
        return ""
    if v < 0:
        return "-" + format_fixed(d, -v, precision)
    if v < 1:
        return format_fixed(d, 10 + v, precision)[1:]
    scaled = v * 10.0 ** d
    if not scaled < 9e15:
        return float_text(np.float64(v), precision)
    j = str(int(math.floor(scaled + 0.5)))
    return j[:len(j) - d] + "." + (j[len(j) - d:] if d else "")


@qn(".Q.f", rank=2, ctx=True)
def q_f(interp, x, y):
    """.Q.f[d;x]: x as a string with d decimals.  q).Q.f[2;3.14159] → "3.14" """
    return qstr(format_fixed(_int(x), _number(y), interp.precision))


@qn(".Q.fmt", rank=3, ctx=True)
def q_fmt(interp, w, d, x):
    """.Q.fmt[w;d;x]: .Q.f[d;x] right-justified in w characters, w#"*" if too wide."""
    width = _int(w)
    s = format_fixed(_int(d), _number(x), interp.precision)
    return qstr("*" * max(width, 0) if width < len(s) else s.rjust(width))


@qn(".Q.s1", rank=1, ctx=True)
def q_s1(interp, x):
    """.Q.s1 x: the compact (one-line) form of x as a string."""
    from .display import compact
    return string(compact(x, interp.precision))


@qn(".Q.s", rank=1, ctx=True)
def q_s(interp, x):
    """.Q.s x: the console form of x as a string, each line ending in a newline."""
    from .display import console
    lines = console(x, interp.rows, interp.cols, interp.precision)
    return string("".join(line + "\n" for line in lines))

