"""Functions in the .Q namespace (q-subset.md §11.4): .Q.f .Q.fmt .Q.s .Q.s1.
Registered in registry.SYSTEM, which the interpreter installs as globals."""
import math

import numpy as np

from ..errors import QError
from ..registry import SYSTEM
from ..words.text import qstr
from ..values import (INTEGRAL, NUMERIC, NULL_INT, Atom, string, C, List, Dict, Vec, symvec, items,
                      S, LETTERS, char, from_items)
from ..output.display import float_text, compact, console
from ..prims.cast import dollar

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
    """.Q.f[d;x]: x as a string with d decimals.

    q).Q.f[2;3.14159]
    "3.14"
    """
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
    return string(compact(x, interp.precision))


@qn(".Q.s", rank=1, ctx=True)
def q_s(interp, x):
    """.Q.s x: the console form of x as a string, each line ending in a newline."""
    lines = console(x, interp.rows, interp.cols, interp.precision)
    return string("".join(line + "\n" for line in lines))



@qn(".Q.opt", rank=1)
def q_opt(x):
    """.Q.opt .z.x: command-line options as a dictionary, each `-name` the key of the
    strings after it.  q).Q.opt ("-epochs";"1";"-a") → `epochs`a!(,"1";())"""
    words = [x] if isinstance(x, Vec) and x.t == C else items(x)
    if any(not (isinstance(w, Vec) and w.t == C) and not (isinstance(w, Atom) and w.t == -C)
           for w in words):
        raise QError("type")
    texts = [bytes(w.a).decode("utf-8", "replace") if isinstance(w, Vec) else chr(int(w.v))
             for w in words]
    keys, vals = [], []
    for w, t in zip(words, texts):
        if t.startswith("-") and len(t) > 1 and not t[1].isdigit() and t[1] != ".":
            keys.append(t[1:])
            vals.append([])
        elif keys:
            vals[-1].append(w if isinstance(w, Vec) else string(t))
    return Dict(symvec(keys), List([List(v) for v in vals]))


@qn(".Q.def", rank=2, ctx=True)
def q_def(interp, x, y):
    """.Q.def[defaults;.Q.opt .z.x]: the defaults with the options given on the command
    line, each parsed to its default's type.

    q).Q.def[`e`n!1 2;.Q.opt("-e";"5")]
    e| 5
    n| 2
    """
    if not (isinstance(x, Dict) and isinstance(y, Dict)):
        raise QError("type")
    given = dict(zip((k.v for k in items(y.k)), items(y.v)))
    out = []
    for k, d in zip(items(x.k), items(x.v)):
        strings = given.get(k.v)
        if strings is None:
            out.append(d)
            continue
        if not 0 < abs(d.t) < len(LETTERS):      # a default that no string parses to
            raise QError("type")
        letter = char(LETTERS[abs(d.t)].upper()) if abs(d.t) != S else char("S")
        strs = items(strings) if not (isinstance(strings, Vec) and strings.t == C) else [strings]
        parsed = [dollar(interp, letter, s) for s in strs]
        out.append(parsed[0] if isinstance(d, Atom) and len(parsed) == 1 else from_items(parsed))
    return Dict(x.k, from_items(out))
