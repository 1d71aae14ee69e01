"""The workspace limit (-w) holds for what the api allocates (issue 13 item 6): a tensor or
module past it is 'wsfull before torch allocates anything, sized on torch's meta device
(ktorch/core/memory.py); torch's own allocation failure is 'wsfull too."""
import pytest

from mnistrepl.q.workspace import WORKSPACE, resident_bytes

LIMIT = 256 * 2**20     # above what the process holds


@pytest.fixture
def small_workspace():
    old = WORKSPACE.limit
    WORKSPACE.limit = resident_bytes() + LIMIT
    yield
    WORKSPACE.limit = old


@pytest.mark.parametrize("line", [
    "tensor(`zeros;100000000)",                       # 400 MB of floats
    "tensor(`randn;1000000000 1000000000)",
    "tensor(`arange;0;1e9;0.5)",
    "tensor(`randperm;100000000)",
    "tensor(`eye;100000)",
    "tensor(`linspace;0;1;100000000)",
    "module enlist(`linear;100000;10000)",            # 4 GB of weights
    "module seq(`sequential;(`lstm;100000;100000))",
    "module enlist(`embed;1000000000;10)",
])
def test_past_the_limit_is_wsfull(q, small_workspace, line):
    assert q.one(line) == "'wsfull"


def test_within_the_limit_still_allocates(q, small_workspace):
    assert q("t:tensor(`zeros;1000 1000)", "size t")[-1] == ["1000 1000"]
    assert q("m:module enlist(`linear;1000;100)", "elements m")[-1] == ["100100"]


def test_an_allocation_torch_refuses_is_wsfull(q):
    """Past what the machine can hold, whatever the limit: torch's allocator fails."""
    old = WORKSPACE.limit
    WORKSPACE.limit = 2**62
    try:
        assert q.one("tensor(`empty;1000000000 1000000000)") == "'wsfull"
    finally:
        WORKSPACE.limit = old
