"""`:f set v / get `:f: data files round-trip atoms, vectors of every type, general lists,
dictionaries and tables; bad files and unwritable values are q errors."""
import pytest

from mnistrepl.q.errors import QError
from mnistrepl.q.host import BufferHost
from mnistrepl.q.interp import Interp
from mnistrepl.q.output.display import compact


@pytest.fixture
def q():
    return Interp(BufferHost())


VALUES = ["1b", "0x2a", "3h", "4i", "5", "6e", "7.5", "\"c\"", "`sym", "2024.01.02",
          "12:00:00.000", "2024.01.02D03:04:05.000000006", "0D00:00:01", "2024.05m",
          "10:30", "10:30:00", "101b", "1 2 3h", "1 2 3", "1.5 2.5e", "\"text\"", "`a`bc`",
          "`long$()", "()", "(1;`a;\"s\";2.5)", "(1 2e;3 4e)", "`a`b!1 2",
          "`w`b!((1 2e;3 4e);5 6e)", "([]a:1 2;b:`x`y;c:(1 2;3 4))", "(`a`b!1 2;([]c:1 2))",
          "(::)", "(1;::;`a`b!(::;2f))"]


@pytest.mark.parametrize("src", VALUES)
def test_round_trip(q, tmp_path, src):
    f = tmp_path / "d"
    assert compact(q.eval(f'(`$":{f}") set {src}'), 7, 200) == f"`:{f}"
    assert compact(q.eval(f'get `$":{f}"'), 7, 200) == compact(q.eval(src), 7, 200)
    assert q.eval(f'(get `$":{f}")~{src}').v


def test_file_starts_with_q_marker_then_the_serialised_value(q, tmp_path):
    f = tmp_path / "d"
    q.eval(f'(`$":{f}") set 1 2i')
    assert f.read_bytes() == b"\xff\x01\x06\x00\x02\x00\x00\x00\x01\x00\x00\x00\x02\x00\x00\x00"


def test_generic_null_written_as_q_writes_it(q, tmp_path):
    """`::` (a module's unset option: embed's padindex) is q's unary primitive 0: 0x65 0x00."""
    f = tmp_path / "d"
    q.eval(f'(`$":{f}") set (::)')
    assert f.read_bytes() == b"\xff\x01\x65\x00"


@pytest.mark.parametrize("content,msg", [(b"abc", "not a q data file"),
                                         (b"\xff\x01\x65\x01", "corrupt"),
                                         (b"\xff\x01\x07\x00\x09\x00\x00\x00", "corrupt"),
                                         (b"\xff\x01\xf9\x01\x00\x00\x00\x00\x00\x00\x00\x00",
                                          "corrupt")])
def test_bad_files(q, tmp_path, content, msg):
    f = tmp_path / "d"
    f.write_bytes(content)
    with pytest.raises(QError, match=msg):
        q.eval(f'get `$":{f}"')


def test_missing_file_and_functions(q, tmp_path):
    with pytest.raises(QError, match="OS reports"):
        q.eval(f'get `$":{tmp_path}/none"')
    with pytest.raises(QError, match="type"):
        q.eval(f'(`$":{tmp_path}/f") set {{x}}')
    assert not (tmp_path / "f").exists()


def test_get_of_a_name_is_still_value(q):
    q.eval("a:42")
    assert q.eval("get `a").v == 42
