"""q's serialisation of a value (the body of `-8!`): a type byte, for vectors an attribute
byte and an int count, little-endian data, symbols null-terminated; after q's two-byte
marker 0xff 0x01 it is what `` `:f set v `` writes (words/files.py). Atoms, vectors of every
type, general lists, dictionaries, tables and the generic null `::` round-trip; functions
cannot be written ('type).

    decode(encode(v)) == v
"""
import struct

import numpy as np

from ..errors import QError
from ..values import DTYPES, IDENTITY, S, Atom, Dict, List, Table, Vec

MARK = b"\xff\x01"
_DICT, _TABLE, _UNARY = 99, 98, 101     # 101: a unary primitive; `::` is the one kept


def encode(v):
    """The bytes of a data file holding v."""
    out = bytearray(MARK)
    _put(out, v)
    return bytes(out)


def decode(data, name):
    """The value in the bytes of data file `name`; a q error names a file that is not one."""
    if not data.startswith(MARK):
        raise QError(f"{name}: not a q data file")
    try:
        v, end = _get(data, len(MARK))
    except (IndexError, struct.error, ValueError, KeyError):
        raise QError(f"{name}: corrupt q data file") from None
    if end != len(data):
        raise QError(f"{name}: corrupt q data file")
    return v


# ---------------------------------------------------------------- writing
def _put(out, v):
    if isinstance(v, Atom) and -v.t in DTYPES:
        out += struct.pack("b", v.t)
        if v.t == -S:
            out += v.v.encode() + b"\0"
        else:
            out += np.asarray(v.v, dtype=DTYPES[-v.t]).tobytes()
    elif isinstance(v, Vec):
        out += struct.pack("<bbi", v.t, 0, len(v.a))
        out += (b"".join(str(s).encode() + b"\0" for s in v.a) if v.t == S
                else np.ascontiguousarray(v.a, dtype=DTYPES[v.t]).tobytes())
    elif isinstance(v, List):
        out += struct.pack("<bbi", 0, 0, len(v.items))
        for item in v.items:
            _put(out, item)
    elif isinstance(v, Dict):
        out += struct.pack("b", _DICT)
        _put(out, v.k)
        _put(out, v.v)
    elif isinstance(v, Table):
        out += struct.pack("bbb", _TABLE, 0, _DICT)
        _put(out, Vec(S, np.array(v.names, dtype=object)))
        _put(out, List(v.cols))
    elif v is IDENTITY:                 # the generic null, as in a module's options (q: 0x6500)
        out += struct.pack("bb", _UNARY, 0)
    else:
        raise QError("type")


# ---------------------------------------------------------------- reading
def _get(b, i):
    t = struct.unpack_from("b", b, i)[0]
    i += 1
    if t < 0:
        return _atom(b, i, -t)
    if t == _DICT:
        k, i = _get(b, i)
        v, i = _get(b, i)
        return Dict(k, v), i
    if t == _UNARY:
        if b[i] != 0:
            raise ValueError("only :: is kept")
        return IDENTITY, i + 1
    if t == _TABLE:
        d, i = _get(b, i + 1)
        return Table([str(s) for s in d.k.a], list(_items(d.v))), i
    n = struct.unpack_from("<i", b, i + 1)[0]
    i += 5
    if t == 0:
        items = []
        for _ in range(n):
            item, i = _get(b, i)
            items.append(item)
        return List(items), i
    if t == S:
        names = []
        for _ in range(n):
            j = b.index(b"\0", i)
            names.append(b[i:j].decode())
            i = j + 1
        return Vec(S, np.array(names, dtype=object)), i
    dt = np.dtype(DTYPES[t])
    a = np.frombuffer(b, dtype=dt, count=n, offset=i).copy()
    return Vec(t, a), i + n * dt.itemsize


def _atom(b, i, t):
    if t == S:
        j = b.index(b"\0", i)
        return Atom(-S, b[i:j].decode()), j + 1
    dt = np.dtype(DTYPES[t])
    v = np.frombuffer(b, dtype=dt, count=1, offset=i)[0]
    return Atom(-t, v), i + dt.itemsize


def _items(v):
    """Columns of a table's value list (a general list, or a simple one of vectors)."""
    return v.items if isinstance(v, List) else [v]
