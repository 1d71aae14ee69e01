"""Keywords that reach outside the value: attr, getenv setenv, ltime gtime, md5, csv
(code.kx.com/q/ref/attr, getenv, gtime, md5, csv)."""
import calendar
import hashlib
import os
import time

import numpy as np

from ..errors import QError
from ..registry import KEYWORDS
from ..values import (C, P, S, X, NULL_INT, Atom, Vec, IDENTITY, char, string, sym, to_py_str,
                      is_string)

kw = KEYWORDS.qfunc
KEYWORDS.constant("csv", char(","))     # the separator for 0: (`csv 0: t)


@kw("attr", rank=1)
def attr(x):
    """attr x: the attribute of x as a symbol (`s`u`p`g; ` for none).

    q)attr asc 3 1 2
    `s
    """
    return sym(x.attr if isinstance(x, Vec) else "")


def _name(x):
    if not (isinstance(x, Atom) and x.t == -S):
        raise QError("type")
    return x.v


@kw("getenv", rank=1)
def getenv(x):
    """getenv `NAME: the environment variable's value as a string ("" when unset)."""
    return string(os.environ.get(_name(x), ""))


@kw("setenv", rank=2)
def setenv(x, y):
    """`NAME setenv "value": set an environment variable."""
    name = _name(x)
    if not is_string(y):
        raise QError("type")
    os.environ[name] = to_py_str(y)
    return IDENTITY


@kw("md5", rank=1)
def md5(x):
    """md5 x: the MD5 digest of a string as 16 bytes.

    q)md5 "this is a not so secret message"
    0x6cf192c1938b79012c323fa30e62787e
    """
    if isinstance(x, Atom) and x.t == -C:
        x = string(to_py_str(x))
    if not (isinstance(x, Vec) and x.t in (C, X)):
        raise QError("type")
    return Vec(X, np.frombuffer(hashlib.md5(x.a.tobytes()).digest(), dtype=np.uint8).copy())


# ---------------------------------------------------------------- ltime gtime

EPOCH_2000 = 946_684_800            # 2000.01.01 in Unix seconds


def _offset_ns(ns, utc_to_local):
    """The local-time offset (ns) at instant ns (UTC ns from 2000.01.01; local when not
    utc_to_local, in which case the offset is that of the local wall time)."""
    secs = int(ns // 10**9) + EPOCH_2000
    if utc_to_local:
        return (calendar.timegm(time.localtime(secs)) - secs) * 10**9
    return (calendar.timegm(time.localtime(time.mktime(time.gmtime(secs)))) -
            int(time.mktime(time.gmtime(secs)))) * 10**9


def _shift(x, utc_to_local):
    if not (isinstance(x, (Atom, Vec)) and abs(x.t) == P):
        raise QError("type")
    a = np.atleast_1d(np.asarray(x.v if isinstance(x, Atom) else x.a, dtype=np.int64))
    nulls = a == NULL_INT[P]
    sign = 1 if utc_to_local else -1
    off = np.array([0 if n else _offset_ns(v, utc_to_local) for v, n in zip(a, nulls)],
                   dtype=np.int64)
    r = np.where(nulls, a, a + sign * off)
    return Atom(-P, np.int64(r[0])) if isinstance(x, Atom) else Vec(P, r)


@kw("ltime", rank=1)
def ltime(x):
    """ltime x: UTC timestamp x as local time."""
    return _shift(x, True)


@kw("gtime", rank=1)
def gtime(x):
    """gtime x: local timestamp x as UTC."""
    return _shift(x, False)
