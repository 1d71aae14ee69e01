"""MNIST idx reading: the shipped data, and each fault named with its file."""
import gzip
from pathlib import Path

import pytest

from mnistrepl.mnist.load import MnistError, load

DATA = Path(__file__).resolve().parents[2] / "data"


def test_shipped_data_counts():
    d = load(str(DATA))
    assert {k: len(v) for k, v in d.items()} == {"x": 47040000, "y": 60000, "X": 7840000, "Y": 10000}
    assert d["y"][:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    assert d["Y"][:5].tolist() == [7, 2, 1, 0, 4]


def _small_set(tmp_path, raw=True):
    """A directory with tiny valid idx files (2 train, 1 test image)."""
    def idx(magic, dims, body):
        return (magic.to_bytes(4, "big") + b"".join(d.to_bytes(4, "big") for d in dims) + body)
    files = {
        "train-images-idx3-ubyte": idx(0x803, [2, 28, 28], bytes(2 * 784)),
        "train-labels-idx1-ubyte": idx(0x801, [2], bytes([3, 7])),
        "t10k-images-idx3-ubyte": idx(0x803, [1, 28, 28], bytes(784)),
        "t10k-labels-idx1-ubyte": idx(0x801, [1], bytes([9])),
    }
    for name, data in files.items():
        if raw:
            (tmp_path / name).write_bytes(data)
        else:
            (tmp_path / (name + ".gz")).write_bytes(gzip.compress(data))
    return tmp_path


@pytest.mark.parametrize("raw", [True, False])
def test_raw_and_gz(tmp_path, raw):
    d = load(str(_small_set(tmp_path, raw)))
    assert d["y"].tolist() == [3, 7] and d["Y"].tolist() == [9] and len(d["x"]) == 2 * 784


def test_missing_file(tmp_path):
    _small_set(tmp_path)
    (tmp_path / "t10k-labels-idx1-ubyte").unlink()
    with pytest.raises(MnistError, match="t10k-labels-idx1-ubyte: not found"):
        load(str(tmp_path))


def test_truncated_file(tmp_path):
    _small_set(tmp_path)
    p = tmp_path / "t10k-images-idx3-ubyte"
    p.write_bytes(p.read_bytes()[:512])
    with pytest.raises(MnistError, match="t10k-images-idx3-ubyte: truncated, expected 800 bytes, got 512"):
        load(str(tmp_path))


def test_wrong_magic(tmp_path):
    _small_set(tmp_path)
    p = tmp_path / "train-labels-idx1-ubyte"
    p.write_bytes(b"\x00\x00\x08\x03" + p.read_bytes()[4:])
    with pytest.raises(MnistError, match="train-labels-idx1-ubyte: bad magic number"):
        load(str(tmp_path))


def test_label_count_mismatch(tmp_path):
    _small_set(tmp_path)
    p = tmp_path / "train-labels-idx1-ubyte"
    p.write_bytes(b"\x00\x00\x08\x01" + (3).to_bytes(4, "big") + bytes(3))
    with pytest.raises(MnistError, match="2 images but 3 labels"):
        load(str(tmp_path))
