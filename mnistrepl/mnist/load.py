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


def _read_bytes(path, name):
    try:
        with open(path, "rb") as f:
            raw = f.read()
        if path.endswith(".gz"):
            raw = gzip.decompress(raw)
    except (OSError, EOFError, zlib.error) as e:
        raise MnistError(f"mnist: {name}: unreadable ({e})")
    return raw


def read_idx(path, name, magic, shape):
    """uint8 array of an idx file: images flattened to 1-d, labels 1-d."""
    raw = _read_bytes(path, name)
    ndim = 1 + len(shape)
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise MnistError(f"mnist: {name}: truncated, expected at least {header} bytes, got {len(raw)}")
    got_magic = int.from_bytes(raw[:4], "big")
    if got_magic != magic:
        raise MnistError(f"mnist: {name}: bad magic number {got_magic:#010x}, expected {magic:#010x}")
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    if tuple(dims[1:]) != shape:
        raise MnistError(f"mnist: {name}: bad dimensions {'x'.join(map(str, dims))}")
    expected = header + int(np.prod(dims))
    if len(raw) != expected:
        what = "truncated" if len(raw) < expected else "too long"
        raise MnistError(f"mnist: {name}: {what}, expected {expected} bytes, got {len(raw)}")
    return np.frombuffer(raw, dtype=np.uint8, offset=header)


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
