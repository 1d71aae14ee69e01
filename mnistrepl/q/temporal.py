"""q temporal types: text <-> integer counts from 2000.01.01 (days, months, ms, ns...)."""
import datetime as _dt
import re

import math

from .values import P, M, D, N, U, V, T, Z, NULL_INT, INF_INT

EPOCH = _dt.date(2000, 1, 1)
NS_DAY = 86_400_000_000_000
MS_DAY = 86_400_000

PATTERNS = [  # (type, regex) tried in order; each matches a whole literal
    (Z, re.compile(r"(\d{4})\.(\d{2})\.(\d{2})T(?:(\d{1,2})(?::(\d{2})(?::(\d{2})(?:\.(\d*))?)?)?)?$")),
    (P, re.compile(r"(\d{4})\.(\d{2})\.(\d{2})D(?:(\d{1,2})(?::(\d{2})(?::(\d{2})(?:\.(\d*))?)?)?)?$")),
    (D, re.compile(r"(\d{4})\.(\d{2})\.(\d{2})$")),
    (M, re.compile(r"(\d{4})\.(\d{2})m$")),
    (N, re.compile(r"(\d+)D(?:(\d{1,2})(?::(\d{2})(?::(\d{2})(?:\.(\d*))?)?)?)?$")),
    (T, re.compile(r"(\d{2}):(\d{2}):(\d{2})\.(\d*)$")),
    (V, re.compile(r"(\d{2}):(\d{2}):(\d{2})$")),
    (U, re.compile(r"(\d{2}):(\d{2})$")),
]


def _frac(s, digits):
    """Fractional digits s as an integer count of 10^-digits units."""
    s = (s or "")[:digits]
    return int(s.ljust(digits, "0")) if s else 0


def _clock(h, m, s):
    """Seconds of h:m:s; minutes and seconds past 59 make no time (ValueError: a null)."""
    h, m, s = int(h or 0), int(m or 0), int(s or 0)
    if m > 59 or s > 59:
        raise ValueError("clock field out of range")
    return (h * 60 + m) * 60 + s


def days(y, m, d):
    return (_dt.date(y, m, d) - EPOCH).days


def parse(text):
    """(type, count) for a temporal literal, or None when text is not one."""
    for t, rx in PATTERNS:
        m = rx.match(text)
        if not m:
            continue
        g = m.groups()
        try:
            if t == P:
                ns = _clock(g[3], g[4], g[5]) * 10**9
                return t, days(int(g[0]), int(g[1]), int(g[2])) * NS_DAY + ns + _frac(g[6], 9)
            if t == Z:                          # datetime: float days, to the millisecond
                ms = _clock(g[3], g[4], g[5]) * 1000 + _frac(g[6], 3)
                return t, days(int(g[0]), int(g[1]), int(g[2])) + ms / MS_DAY
            if t == D:
                return t, days(int(g[0]), int(g[1]), int(g[2]))
            if t == M:
                mm = int(g[1])
                if not 1 <= mm <= 12:
                    return None
                return t, (int(g[0]) - 2000) * 12 + mm - 1
            if t == N:
                ns = _clock(g[1], g[2], g[3]) * 10**9
                return t, int(g[0]) * NS_DAY + ns + _frac(g[4], 9)
            if t == T:
                secs = _clock(*g[:3])
                if len(g[3]) > 3:                  # 12:00:00.000000000 is a timespan
                    return N, secs * 10**9 + _frac(g[3], 9)
                return t, secs * 1000 + _frac(g[3], 3)
            if t == V:
                return t, _clock(*g[:3])
            return t, _clock(g[0], g[1], 0) // 60
        except ValueError:
            return None
    return None


def _hms(secs):
    h, r = divmod(secs, 3600)
    m, s = divmod(r, 60)
    return f"{h:02d}:{m:02d}:{s:02d}"


def _date_text(n):
    d = EPOCH + _dt.timedelta(days=int(n))
    return f"{d.year:04d}.{d.month:02d}.{d.day:02d}"


def datetime_text(z):
    """A datetime (float days from 2000.01.01) as q shows it, to the millisecond:
    2024.05.01T12:34:56.789; 0Nz, 0wz, -0wz."""
    if math.isnan(z):
        return "0Nz"
    if math.isinf(z):
        return ("-" if z < 0 else "") + "0wz"
    d, ms = divmod(round(z * MS_DAY), MS_DAY)
    s, ms = divmod(ms, 1000)
    try:
        return f"{_date_text(d)}T{_hms(s)}.{ms:03d}"
    except (OverflowError, ValueError):
        return "0Nz"


def format(t, n):
    """Text of a temporal count n of type t, without the null/infinity cases."""
    if t == Z:
        return datetime_text(float(n))
    n = int(n)
    if n == NULL_INT[t]:
        return "0N" + "pmdznuvt"[[P, M, D, 15, N, U, V, T].index(t)]
    if n == INF_INT[t]:
        return "0W" + "pmdznuvt"[[P, M, D, 15, N, U, V, T].index(t)]
    if n == -INF_INT[t]:
        return "-0W" + "pmdznuvt"[[P, M, D, 15, N, U, V, T].index(t)]
    try:
        if t == D:
            return _date_text(n)
        if t == M:
            y, m = divmod(n, 12)
            return f"{2000 + y:04d}.{m + 1:02d}"
        if t == P:
            d, ns = divmod(n, NS_DAY)
            s, f = divmod(ns, 10**9)
            return f"{_date_text(d)}D{_hms(s)}.{f:09d}"
    except (OverflowError, ValueError):
        return "0N" + "pmd"[[P, M, D].index(t)]
    sign = "-" if n < 0 else ""
    n = abs(n)
    if t == N:
        d, ns = divmod(n, NS_DAY)
        s, f = divmod(ns, 10**9)
        return f"{sign}{d}D{_hms(s)}.{f:09d}"
    if t == T:
        s, ms = divmod(n, 1000)
        return f"{sign}{_hms(s)}.{ms:03d}"
    if t == V:
        return sign + _hms(n)
    h, m = divmod(n, 60)
    return f"{sign}{h:02d}:{m:02d}"


_NS = {P: 1, N: 1, D: NS_DAY, T: 10**6, V: 10**9, U: 60 * 10**9}


def convert(src, dst, n):
    """Count n of temporal type src as type dst (both non-month), truncating."""
    ns = int(n) * _NS[src]
    if dst in (D,) and src in (P,):
        return ns // NS_DAY
    return ns // _NS[dst] if ns >= 0 else -((-ns) // _NS[dst])
