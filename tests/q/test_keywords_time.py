"""ltime/gtime against a fixed time zone (the transcripts cannot choose one)."""
import os
import time

import pytest

from mnistrepl.q.host import BufferHost
from mnistrepl.q.interp import Interp


@pytest.fixture
def new_york():
    old = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    yield Interp(BufferHost())
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


def show(interp, src):
    return interp.eval(f".Q.s1 {src}").a.tobytes().decode()


def test_ltime_is_utc_shifted_to_local(new_york):
    # May: EDT, UTC-4; January: EST, UTC-5
    assert show(new_york, "ltime 2024.05.01D10:00:00.000000000") == "2024.05.01D06:00:00.000000000"
    assert show(new_york, "ltime 2024.01.01D10:00:00.000000000") == "2024.01.01D05:00:00.000000000"


def test_gtime_is_local_shifted_to_utc(new_york):
    assert show(new_york, "gtime 2024.05.01D06:00:00.000000000") == "2024.05.01D10:00:00.000000000"
    assert show(new_york, "gtime 2024.01.01D05:00:00.000000000 0Np") == \
        "2024.01.01D10:00:00.000000000 0N"
