"""Text keywords (q-subset.md §6 Text): lower upper trim ltrim rtrim like ss ssr.
`sv` and `vs` are in sv_vs.py. Strings are handled as Latin-1 text so that every byte
is one character (q strings are byte vectors)."""
import re

import numpy as np

from ..prims.atomic import null_of, pervade1
from ..prims.join import join_all
from ..errors import QError
from ..functions import Fn
from ..registry import KEYWORDS
from ..values import C, J, S, Atom, Table, Vec, boolean, vec

kw = KEYWORDS.qfunc


def text(x):
    """Python str (Latin-1, one char per byte) of a string or char atom; 'type otherwise."""
    if isinstance(x, Vec) and x.t == C:
        return x.a.tobytes().decode("latin-1")
    if isinstance(x, Atom) and x.t == -C:
        return chr(int(x.v))
    raise QError("type")


def qstr(s):
    """q string from a Latin-1 Python str."""
    return Vec(C, np.frombuffer(s.encode("latin-1"), dtype=np.uint8).copy())


def is_text(x):
    return isinstance(x, (Atom, Vec)) and abs(x.t) == C


# ---------------------------------------------------------------- lower upper

def _case(method):
    one = case_of(method)
    return lambda x: pervade1(one, x)


def case_of(method):
    """A char or symbol atom or vector in lower or upper case (floor lowers too: q.k's
    `lower` is `_x`, floor's `_:`)."""
    def one(v):
        if abs(v.t) == C:
            table = np.arange(256, dtype=np.uint8)
            for c in range(65, 91) if method == "lower" else range(97, 123):
                table[c] = c + 32 if method == "lower" else c - 32
            return Atom(-C, table[int(v.v)]) if isinstance(v, Atom) else Vec(C, table[v.a])
        if abs(v.t) == S:
            if isinstance(v, Atom):
                return Atom(-S, getattr(v.v, method)())
            return vec(S, [getattr(s, method)() for s in v.a])
        raise QError("type")
    return one


KEYWORDS.add("lower", _case("lower"), 1)
KEYWORDS.add("upper", _case("upper"), 1)


# ---------------------------------------------------------------- trim

def _trimmer(how):
    """trim: leading and trailing nulls off every vector of x (spaces off strings, 0N off
    longs...); atoms are kept (code.kx.com/q/ref/trim)."""
    left, right = how in ("trim", "ltrim"), how in ("trim", "rtrim")

    def one(v):
        if isinstance(v, Atom):
            return v
        keep = np.flatnonzero(~np.asarray(null_of(v.t, v.a), dtype=bool))
        if not len(keep):
            return v if not len(v.a) else Vec(v.t, v.a[:0])
        lo = keep[0] if left else 0
        hi = keep[-1] + 1 if right else len(v.a)
        return Vec(v.t, v.a[lo:hi])
    return lambda x: pervade1(one, x)


for _how in ("trim", "ltrim", "rtrim"):
    KEYWORDS.add(_how, _trimmer(_how), 1)


# ---------------------------------------------------------------- patterns

def pattern_regex(p):
    """Regex source of a q pattern: ? any char, * any run, [abc] [a-z] [^abc] a set."""
    out, i = [], 0
    while i < len(p):
        c = p[i]
        if c == "?":
            out.append(".")
        elif c == "*":
            out.append(".*")
        elif c == "[" and "]" in p[i + 1:]:
            j = p.index("]", i + 1)
            body = p[i + 1:j]
            neg = body.startswith("^")
            body = body[1:] if neg else body
            out.append("[" + ("^" if neg else "") + _set_body(body) + "]")
            i = j
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


def _set_body(body):
    """Escape a set's characters, keeping a-z ranges."""
    out = []
    for k, c in enumerate(body):
        keep_dash = c == "-" and 0 < k < len(body) - 1
        out.append("-" if keep_dash else re.escape(c))
    return "".join(out)


def _compile(p):
    try:
        return re.compile(pattern_regex(p), re.DOTALL)
    except re.error:
        raise QError("nyi")


@kw("like", rank=2)
def like(x, p):
    """x like p: whether symbol/string x matches pattern p.

    q)`img`lbl like "im*"
    10b
    """
    rx = _compile(text(p))

    def match(s):
        return boolean(rx.fullmatch(s) is not None)
    return _like(x, match)


def _like(x, match):
    """match on each symbol or string of x, through lists and dictionaries (not tables)."""
    def one(v):
        if isinstance(v, Atom) and v.t == -S:
            return match(v.v)
        if is_text(v):
            return match(text(v))
        if isinstance(v, Vec) and v.t == S:
            return Vec(1, np.array([match(s).v for s in v.a], dtype=bool))
        raise QError("type")
    return pervade1(one, x, leaf=lambda v: isinstance(v, (Atom, Vec, Table)))


def _search_rx(y):
    p = text(y)
    if not p or "*" in p:
        raise QError("length")
    return _compile(p)


@kw("ss", rank=2)
def ss(x, y):
    """x ss y: positions of the non-overlapping matches of y in x.

    q)"abcab" ss "b"
    1 4
    """
    rx = _search_rx(y)
    s = text(x)
    return Vec(J, np.array([m.start() for m in rx.finditer(s)], dtype=np.int64))


@kw("ssr", rank=3, ctx=True)
def ssr(interp, x, y, z):
    """ssr[x;y;z]: x with each match of pattern y replaced by z, or by z[match] when z is
    a function. As q.k defines it (x cut at the matches, the matches amended, the pieces
    razed), z may be any value and z[match] any result: a char atom or a string keeps the
    result a string, anything else makes it a general list.

    q)ssr["abc";"b";"X"]
    "aXc"
    q)ssr["toronto ontario";"t?r";upper]
    "TORonto onTARio"
    """
    rx = _search_rx(y)
    s = text(x)
    pieces, at = [], 0
    for m in rx.finditer(s):
        pieces.append(qstr(s[at:m.start()]))
        pieces.append(interp.apply(z, [qstr(m.group(0))]) if isinstance(z, Fn) else z)
        at = m.end()
    pieces.append(qstr(s[at:]))
    return join_all(pieces)
