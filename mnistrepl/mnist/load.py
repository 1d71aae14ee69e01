"""Read the four standard MNIST idx files, raw or gzipped, checking magic numbers,
dimensions and lengths; every fault names the file and what is wrong."""
import gzip
import os
import zlib

import numpy as np

FILES = {  # key -> (standard name, idx magic, item shape)
    "x": ("train-images-idx3-ubyte", 0x803, (28, 28)),
    "y": ("train-labels-idx1-ubyte", 0x801, ()),
    "X": ("t10k-images-idx3-ubyte", 0x803, (28, 28)),
    "Y": ("t10k-labels-idx1-ubyte", 0x801, ()),
}


class MnistError(ValueError):
    """A missing, truncated or corrupt MNIST file; str() is the q error text."""


def find(directory, name):
    """Path of `name` or `name.gz` in directory (raw preferred)."""
    for cand in (name, name + ".gz"):
        p = os.path.join(directory, cand)
        if os.path.isfile(p):
            return p
    raise MnistError(f"mnist: {name}: not found in {directory}")


def read_idx(path, name, magic, shape):
    """uint8 array of an idx file: images flattened to 1-d, labels 1-d. The header is
    checked first and then only the bytes it promises are read (plus one, to tell a file
    that is too long), streamed: a small gzip bomb named like an MNIST file stops there."""
    header = 4 + 4 * (1 + len(shape))
    opener = gzip.open if path.endswith(".gz") else open
    try:
        with opener(path, "rb") as f:
            head = f.read(header)
            dims = _check_header(head, name, magic, shape, header)
            expected = header + int(np.prod(dims))
            raw = head + f.read(expected - header + 1)
    except (OSError, EOFError, zlib.error) as e:
        raise MnistError(f"mnist: {name}: unreadable ({e})")
    if len(raw) != expected:
        what = "truncated" if len(raw) < expected else "too long"
        raise MnistError(f"mnist: {name}: {what}, expected {expected} bytes, got {len(raw)}")
    if dims[0] == 0:
        raise MnistError(f"mnist: {name}: no images")
    data = np.frombuffer(raw, dtype=np.uint8, offset=header)
    if not shape:
        _check_labels(data, name, header)
    return data


def _check_header(head, name, magic, shape, header):
    """The dimensions a file's header gives, checked against the magic and item shape."""
    if len(head) < header:
        raise MnistError(f"mnist: {name}: truncated, expected at least {header} bytes, got {len(head)}")
    got_magic = int.from_bytes(head[:4], "big")
    if got_magic != magic:
        raise MnistError(f"mnist: {name}: bad magic number {got_magic:#010x}, expected {magic:#010x}")
    dims = [int.from_bytes(head[4 + 4 * i:8 + 4 * i], "big") for i in range(len(shape) + 1)]
    if tuple(dims[1:]) != shape:
        raise MnistError(f"mnist: {name}: bad dimensions {'x'.join(map(str, dims))}")
    return dims


def _check_labels(labels, name, header):
    """Labels are digits 0-9: the first other byte is named with its file offset."""
    bad = np.flatnonzero(labels > 9)
    if len(bad):
        i = int(bad[0])
        raise MnistError(f"mnist: {name}: label {int(labels[i])} at offset {header + i} "
                         f"is not a digit 0-9")


def load(directory):
    """{'x','y','X','Y'}: uint8 arrays (images flattened), checked for matching counts."""
    out = {}
    for key, (name, magic, shape) in FILES.items():
        out[key] = read_idx(find(directory, name), name, magic, shape)
    for img, lab in (("x", "y"), ("X", "Y")):
        if len(out[img]) != 784 * len(out[lab]):
            raise MnistError(f"mnist: {FILES[img][0]}: {len(out[img]) // 784} images but "
                             f"{len(out[lab])} labels in {FILES[lab][0]}")
    return out
