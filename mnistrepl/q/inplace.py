"""Vectors that change in place when one variable holds them (q's rule: a value with one
owner is appended to and amended in place; a shared one is copied first, so no other
name ever sees the change).

Ownership is read from CPython's reference counts instead of being tracked by hand: every
holder of a Vec (another variable, a list item, a dictionary, a projection's arguments, a
lambda's frame, a compiled constant, a pending argument list) owns a reference to it, and
every holder of its array or of a NumPy view on it owns a reference to the array or to the
buffer under it (views keep their base alive). A flag set on assignment could not see a
value escape through `b:a`, `(a;1)` or a call, so counting is the robust choice. The counts
of a vector held by one store and one local are calibrated at import (they may differ
between Python versions); `owned` takes the store and the name so that its caller holds
no reference of its own when it counts.

Atoms appended one at a time (`do[n; x,:i]`) would each cost a NumPy write and a new view
of the buffer (~200 ns) where a Python list takes ~20 ns: an owned vector appended to
becomes a `Growing` one, whose new items wait in its `tail` (a list) until its array is
next read or the tail is full. Reading `a` writes them in and makes it a plain Vec again,
so nothing outside this module sees the difference.
"""
from contextlib import contextmanager
from sys import getrefcount

import numpy as np

from .values import J, Atom, Vec

MIN_ROOM = 8
TAIL_MAX = 1024     # appended items a tail holds before they are written in (its memory)
DIRECT = 32         # appends written straight in after a read took a tail of one item


class Tail(list):
    """The values of atoms appended to a Growing vector. `room`: how many it may hold, no
    more than the buffer has room for (so the buffer grows when it would item by item).
    `direct`: how many coming appends write straight into the buffer instead, when reads
    come between appends (`x,:i; f x`), where a tail would only cost its setting up."""
    __slots__ = ("room", "direct")


_ARRAY = Vec.a      # the slot under Vec's `a`, which Growing's property hides


class Growing(Vec):
    """A vector (of one owner) with items in its tail: reading or setting `a` settles it."""
    __slots__ = ()

    @property
    def a(self):
        settle(self)
        return _ARRAY.__get__(self)

    @a.setter
    def a(self, value):
        settle(self)
        _ARRAY.__set__(self, value)


def settle(x):
    """Write a Growing vector's tail into its buffer; it is a plain Vec again."""
    tail = x.tail
    k = len(tail)
    if k:
        a = _ARRAY.__get__(x)
        n = len(a)
        buf = x.buf
        if k == 1:
            buf[n] = tail[0]
            tail.direct = DIRECT
        else:
            buf[n:n + k] = tail
        _ARRAY.__set__(x, buf[:n + k])
        tail.clear()
    x.__class__ = Vec

_LOCKED = {}    # id -> depth of the stores never written in place (the globals under reval)


@contextmanager
def locked(store):
    """While it lasts, `store`'s vectors are not appended to or amended in place: every
    write takes the general path, which asks the owner (reval refuses global updates)."""
    key = id(store)
    _LOCKED[key] = _LOCKED.get(key, 0) + 1
    try:
        yield
    finally:
        _LOCKED[key] -= 1
        if not _LOCKED[key]:
            del _LOCKED[key]


def _counts(x):
    """Reference counts of a vector, its array and its buffer, as seen from here."""
    a = x.a
    buf = x.buf
    return getrefcount(x), getrefcount(a), 0 if buf is None else getrefcount(buf)


def _probe(store, name):
    x = store.get(name)
    return _counts(x)


def _spare(n, room):
    """A vector of n longs over a buffer of `room` (for calibration)."""
    x = Vec(J, None)
    x.buf = np.zeros(room, dtype=np.int64)
    x.a = x.buf[:n]
    return x


ALONE = _probe({"x": Vec(J, np.zeros(2, dtype=np.int64))}, "x")
ALONE_IN_BUF = _probe({"x": _spare(2, 4)}, "x")


def owned(store, name):
    """The vector under `name` in `store` (a frame or the globals) when nothing else holds
    it or its memory, so that it may be written in place; else None."""
    if _LOCKED and id(store) in _LOCKED:
        return None
    x = store.get(name)
    if x.__class__ is Growing:
        settle(x)
    elif x.__class__ is not Vec:
        return None
    if x.buf is None:               # (no local names the buffer: it would count)
        if _counts(x) != ALONE or x.a.base is not None:
            return None
    elif _counts(x) != ALONE_IN_BUF or x.a.base is not x.buf:
        return None
    return x if x.a.flags.writeable else None


def _probe_room(store, name):
    """The counts `append` sees on its quick path (the same locals, in the same order)."""
    x = store.get(name)
    buf = x.buf
    a = x.a
    return getrefcount(x), getrefcount(a), getrefcount(buf)


ALONE_QUICK = _probe_room({"x": _spare(2, 4)}, "x")
ALONE_GROWING = ALONE_QUICK[0]      # the vector's own count (no local holds its parts)
X_ALONE, A_ALONE = _probe_room({"x": Vec(J, np.zeros(2, dtype=np.int64))}, "x")[:2]


def set_item(store, name, k, y):
    """`name[k]:y` for an int k in range and an atom y of the vector's type, written in
    place when the variable holds the vector alone; else False (the general amend)."""
    if _LOCKED and id(store) in _LOCKED:
        return False
    x = store.get(name)
    if x.__class__ is not Vec:
        if x.__class__ is not Growing:
            return False
        settle(x)
    if y.t != -x.t:
        return False
    buf = x.buf
    a = x.a
    if not 0 <= k < len(a):
        return False
    if buf is None:
        if a.base is not None or getrefcount(x) != X_ALONE or getrefcount(a) != A_ALONE:
            return False
    elif a.base is not buf or (getrefcount(x), getrefcount(a), getrefcount(buf)) != ALONE_QUICK:
        return False
    try:
        a[k] = y.v
    except ValueError:          # a read-only array (a file's bytes): the general path copies
        return False
    x.attr = ""                 # (no longer sorted)
    return True


def append(store, name, y):
    """`name,:y` for a vector and an atom or vector y of its type: in place, in amortised
    O(1) per item (the buffer doubles), when the variable holds the vector alone; into a
    new buffer stored under the name when it is shared. False when this is not such a case
    (the caller joins as usual)."""
    if _LOCKED and id(store) in _LOCKED:
        return False
    x = store.get(name)
    xc, yc = x.__class__, y.__class__
    if xc is Growing:
        if yc is Atom and y.t + x.t == 0 and getrefcount(x) == ALONE_GROWING:
            tail = x.tail           # the commonest case: one more atom into the tail
            if len(tail) < tail.room:
                tail.append(y.v)
                return True
            del tail
        settle(x)
    elif xc is not Vec:
        return False
    if yc is Atom:
        if y.t != -x.t:
            return False
        buf = x.buf
        if buf is not None:         # an atom onto a vector with room: it starts a tail
            a = x.a
            n = len(a)
            if (n < len(buf) and a.base is buf and (getrefcount(x), getrefcount(a),
                                                     getrefcount(buf)) == ALONE_QUICK):
                tail = x.tail
                if tail is None or not tail.direct:
                    _start_tail(x, len(buf) - n, y.v)
                    return True
                tail.direct -= 1
                buf[n] = y.v
                x.a = buf[:n + 1]
                x.attr = ""
                return True
            del a
        del buf
        k = 1
    elif yc is Vec:
        if y.t != x.t or y.a.dtype != x.a.dtype:
            return False
        k = len(y.a)
    else:
        return False
    del x
    x = owned(store, name)
    if x is None:
        x = _regrown(store, name, k)
    a, buf = x.a, x.buf
    n = len(a)
    if buf is None or len(buf) < n + k:
        buf = np.empty(max(2 * (n + k), MIN_ROOM), dtype=a.dtype)
        buf[:n] = a
        x.buf = buf
    if yc is Atom:
        buf[n] = y.v
    else:
        buf[n:n + k] = y.a
    x.a = buf[:n + k]
    x.attr = ""
    return True


def atom_appender(store, name, y, otherwise):
    """run(fr): `name,:y` for a constant atom y and a name in `store` (`do[n; x,:1]`), the
    tail's step (append's first case) inline; else append, then otherwise(fr, y) when
    that cannot (the caller's general join)."""
    t, v = -y.t, y.v

    def run_append_atom(fr):
        x = store.get(name)
        if x.__class__ is Growing and x.t == t and getrefcount(x) == ALONE_GROWING:
            tail = x.tail
            if len(tail) < tail.room:
                tail.append(v)
                return y
        del x                       # (append counts the references itself)
        if append(store, name, y):
            return y
        return otherwise(fr, y)
    return run_append_atom


def _start_tail(x, room, v):
    """Make x (a plain Vec of one owner, its buffer with room) Growing, v its tail's first."""
    tail = x.tail
    if tail is None:
        tail = x.tail = Tail()
        tail.direct = 0
    tail.room = min(room, TAIL_MAX)
    tail.append(v)
    x.attr = ""                     # (no longer sorted)
    x.__class__ = Growing


def _regrown(store, name, k):
    """A copy of the shared vector under `name` with room for k more items, stored there
    in its place."""
    x = store[name]
    n = len(x.a)
    new = Vec(x.t, None)
    new.buf = np.empty(max(2 * (n + k), MIN_ROOM), dtype=x.a.dtype)
    new.buf[:n] = x.a
    new.a = new.buf[:n]
    store[name] = new
    return new
