"""The .z clocks (q-subset.md 11.4): types, agreement with the system clock, local vs UTC,
and a fresh reading on every use."""
import datetime as dt
import time

import pytest

from mnistrepl.q.host import BufferHost
from mnistrepl.q.interp import Interp

EPOCH = dt.datetime(2000, 1, 1)


@pytest.fixture
def q():
    return Interp(BufferHost())


@pytest.mark.parametrize("name,t", [(".z.T", -19), (".z.t", -19), (".z.D", -14), (".z.d", -14),
                                    (".z.P", -12), (".z.p", -12), (".z.N", -16), (".z.n", -16),
                                    (".z.Z", -15), (".z.z", -15)])
def test_types(q, name, t):
    assert q.eval(name).t == t
    assert q.eval(f"type {name}").v == t


def test_utc_timestamp_matches_system_clock(q):
    now = (dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) - EPOCH).total_seconds()
    assert abs(int(q.eval(".z.p").v) / 1e9 - now) < 2


def test_local_minus_utc_is_the_zone_offset(q):
    offset = dt.datetime.now().astimezone().utcoffset().total_seconds()
    diff = int(q.eval(".z.P").v) - int(q.eval(".z.p").v)
    assert abs(diff / 1e9 - offset) < 2


def test_time_and_date_agree_with_timestamp(q):
    p = int(q.eval(".z.p").v)
    assert abs(int(q.eval(".z.t").v) - p % 86_400_000_000_000 // 1_000_000) < 2000
    assert int(q.eval(".z.d").v) == p // 86_400_000_000_000 or time.gmtime().tm_hour == 0


def test_each_reading_is_fresh(q):
    a = int(q.eval(".z.p").v)
    time.sleep(0.01)
    assert int(q.eval(".z.p").v) - a >= 10_000_000


def test_seconds_cast_as_the_gan_line_uses_it(q):
    s = q.eval('12$string"v"$.z.T')
    text = bytes(s.a).decode()
    assert len(text) == 12 and text[2] == ":" and text[5] == ":" and text[8:] == "    "


def test_datetime_agrees_with_timestamp(q):
    """.z.z is float days from 2000.01.01 to the millisecond; .z.Z - .z.z the zone offset."""
    p = int(q.eval(".z.p").v)
    assert abs(float(q.eval(".z.z").v) * 86_400 - p / 1e9) < 2
    offset = dt.datetime.now().astimezone().utcoffset().total_seconds()
    assert abs((float(q.eval(".z.Z").v) - float(q.eval(".z.z").v)) * 86_400 - offset) < 2
