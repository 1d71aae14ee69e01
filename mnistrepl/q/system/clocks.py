"""The .z clocks (q-subset.md 11.4): .z.T .z.t .z.D .z.d .z.P .z.p .z.N .z.n .z.Z .z.z (the
datetime, float days to the millisecond, as q's), registered in
SYSTEM as readers so each use reads the clock afresh (`.z.T` in a loop gives the time of each
step). Upper case is local time, lower case UTC, as in q."""
import datetime as _dt
import time

import numpy as np

from ..registry import SYSTEM
from ..temporal import EPOCH, MS_DAY, NS_DAY
from ..values import D, N, P, T, Z, Atom

_EPOCH_NS = int(_dt.datetime(EPOCH.year, EPOCH.month, EPOCH.day,
                             tzinfo=_dt.timezone.utc).timestamp()) * 10**9


def _now_ns(local):
    """Nanoseconds since 2000.01.01 on the local (or UTC) wall clock."""
    ns = time.time_ns()
    if local:
        ns += int(_dt.datetime.now().astimezone().utcoffset().total_seconds()) * 10**9
    return ns - _EPOCH_NS


def _timestamp(local):
    return Atom(-P, np.int64(_now_ns(local)))


def _date(local):
    return Atom(-D, np.int32(_now_ns(local) // NS_DAY))


def _time(local):
    return Atom(-T, np.int32(_now_ns(local) % NS_DAY // 10**6))


def _timespan(local):
    return Atom(-N, np.int64(_now_ns(local) % NS_DAY))


def _datetime(local):
    return Atom(-Z, np.float64(_now_ns(local) // 10**6 / MS_DAY))


for _letter, _read in (("P", _timestamp), ("D", _date), ("T", _time), ("N", _timespan),
                       ("Z", _datetime)):
    SYSTEM.reader(".z." + _letter, lambda read=_read: read(True))
    SYSTEM.reader(".z." + _letter.lower(), lambda read=_read: read(False))
