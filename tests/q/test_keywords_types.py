"""Result types and null handling of the keywords (q-subset.md §4.3, §4.4, §6)."""
import pytest

from mnistrepl.q.output.display import compact
from mnistrepl.q.errors import QError
from mnistrepl.q.host import BufferHost
from mnistrepl.q.interp import Interp


@pytest.fixture(scope="module")
def q():
    interp = Interp(BufferHost())
    return lambda src: compact(interp.eval(src))


@pytest.mark.parametrize("src,want", [
    ("type sum 1 2 3h", "-6h"), ("type sum 101b", "-6h"), ("type sum 1 2", "-7h"),
    ("type sum 1 2e", "-8h"), ("type prd 1 2h", "-6h"), ("type sums 1 2h", "6h"),
    ("type 2h mod 3h", "-6h"), ("type 7 mod 2.5", "-9h"),
    ("type neg 1b", "-6h"), ("type abs 0x01", "-6h"), ("type abs 2h", "-5h"),
    ("type 7h div 2", "-6h"), ("type 7 div 2h", "-7h"), ("type 7.0 div 2", "-9h"),
    ("type floor 2.5", "-7h"), ("type floor 2.5e", "-7h"), ("type floor 2h", "-5h"),
    ("type ceiling 2i", "-6h"), ("type signum 2.5", "-6h"),
    ("type avg 1 2", "-9h"), ("type med 1 2", "-9h"), ("type sqrt 4", "-9h"),
    ("type sqrt 4e", "-9h"), ("type 2 xexp 2", "-9h"), ("type all 1 2", "-1h"),
    ("type 1 2 wavg 3 4", "-9h"), ("type \"ab\" ss \"b\"", "7h"), ("type til 3", "7h"),
    ("type string 12", "10h"), ("type max 1 2h", "-5h"), ("type maxs 1 2e", "8h"),
])
def test_types(q, src, want):
    assert q(src) == want


@pytest.mark.parametrize("src,want", [
    ("sum 0N 1 0N", "1"), ("sum 0N 0N", "0"), ("avg 0n 0n", "0n"), ("avg 0N 0N", "0n"),
    ("min 0N 0N", "0W"), ("max 0N 0N", "-0W"), ("max 0n 0n", "-0w"), ("min 0n 0n", "0w"), ("min 0n", "0n"),
    ("max 0N 0N 0Nh", "-32767h"), ("sum (1 0N;2 3)", "3 0N"), ("max (1 0N;2 3)", "2 3"),
    ("log 0", "-0w"), ("log -1", "0n"), ("signum 0N", "-1i"), ("signum 0n", "-1i"),
    ("floor 0n", "0N"), ("abs 0N", "0N"), ("2 xexp 0N", "0n"), ("-2 xexp 2", "0n"),
    ("prd 2 0N 3", "6"), ("fills 0n 1 0n", "0n 1 1"), ("deltas 1 0N 3", "1 0N 0N"),
    ("0N 1 within 0 2", "01b"), ("next `a`b", "`b`"), ("prev 1 2.5", "0n 1"),
])
def test_nulls(q, src, want):
    assert q(src) == want


@pytest.mark.parametrize("src,err", [
    ("til 2.5", "type"), ("til -1", "domain"), ("sum `a`b", "type"), ("max `a`b", "type"),
    ("\"abc\" ss \"\"", "length"), ("1 2 wavg 1 2 3", "length"), ("abs `a", "type"),
    ("0x0 sv 0x0102ff", "length"), ("0 cut 1 2", "domain"), ("lower 1", "type"),
])
def test_errors(q, src, err):
    with pytest.raises(QError) as e:
        q(src)
    assert e.value.name == err
