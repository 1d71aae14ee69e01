"""Console and compact display (q-subset.md §12)."""
import ctypes
import ctypes.util
import random

import numpy as np
import pytest

from mnistrepl.q.output.display import atom_text, compact, console, cut, float_text
from mnistrepl.q.values import (D, F, J, M, S, X, Atom, Dict, List, Table, Vec, string,
                                vec)

_libc = ctypes.CDLL(ctypes.util.find_library("c"))


def c_printf_g(p, x):
    buf = ctypes.create_string_buffer(64)
    _libc.snprintf(buf, 64, b"%.*g", ctypes.c_int(p), ctypes.c_double(x))
    return buf.value.decode()


def test_float_text_matches_c_printf():
    rng = random.Random(1)
    values = [0.1 + 0.2, 1 / 6, 100 / 7, 1e7, 1234567.0, 12345678.0, 0.00001234, 0.0001,
              0.00001, 2.5, 1e300, -1e-300, 5e-324, 0.5, 1.5, 2.5e-5, 123456789012.0]
    values += [rng.uniform(-1, 1) * 10 ** rng.randint(-12, 12) for _ in range(3000)]
    for p in (1, 2, 3, 4, 7, 10, 12, 16, 17):
        for x in values:
            assert float_text(x, p) == c_printf_g(p, x), (p, x)


def test_float_text_precision_zero_is_17():
    assert float_text(0.1, 0) == "0.10000000000000001"


def test_float_specials():
    assert float_text(np.nan) == "0n"
    assert float_text(np.inf) == "0w" and float_text(-np.inf) == "-0w"


def test_atoms():
    assert atom_text(Atom(-F, np.float64(3.0))) == "3f"
    assert atom_text(Atom(-X, np.uint8(255))) == "0xff"
    assert atom_text(Atom(-5, np.int16(32767))) == "32767h"
    assert atom_text(Atom(-5, np.int16(-32767))) == "-32767h"


def test_width_cut():
    assert cut("x" * 79, 80) == "x" * 79
    assert cut("x" * 80, 80) == "x" * 77 + ".."


def test_height_cut():
    lines = console(List([vec(J, [i]) for i in range(30)]), rows=10)
    assert len(lines) == 8 and lines[-1] == ".."
    assert len(console(List([vec(J, [i, i]) for i in range(8)]), rows=10)) == 8


def test_temporal_vector_nulls():
    null = np.iinfo(np.int32).min
    assert compact(vec(D, [0, null])) == "2000.01.01 0N"
    assert compact(vec(D, [null, null])) == "0N 0Nd"
    assert compact(vec(M, [0, null])) == "2000.01 0Nm"


def test_dict_with_table_value():
    t = Table(["x", "y"], [vec(J, [1, 2]), vec(J, [3, 4])])
    d = Dict(vec(S, ["a", "b"]), t)
    assert console(d) == [" | x y", "-| ---", "a| 1 3", "b| 2 4"]


def test_keyed_table_compact():
    k = Table(["k"], [vec(S, ["a", "b"])])
    v = Table(["v"], [vec(J, [10, 200])])
    assert compact(Dict(k, v)) == "(+(,`k)!,`a`b)!+(,`v)!,10 200"


def test_compact_cut_to_width():
    assert compact(vec(J, list(range(40))), width=20) == "0 1 2 3 4 5 6 7 8.."


def test_byte_cells_are_two_hex_digits():
    d = Dict(vec(S, ["a", "b"]), vec(X, [1, 255]))
    assert console(d) == ["a| 01", "b| ff"]


def test_char_atoms_in_general_columns():
    t = Table(["s"], [List([string("ab"), Atom(-10, np.uint8(99))])])
    assert [s.rstrip() for s in console(t)] == ["s", "----", '"ab"', ',"c"']


@pytest.mark.parametrize("p,x,want", [(7, 1 / 3, "0.3333333"), (3, 1 / 3, "0.333"),
                                      (4, 0.92380, "0.9238")])
def test_precision(p, x, want):
    assert console(Atom(-F, np.float64(x)), precision=p) == [want]
