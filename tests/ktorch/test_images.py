"""makegrid, png and the GIF helper (ktorch-api.md 9)."""

import numpy as np
import pytest
import torch
from PIL import Image

from mnistrepl.ktorch.tensors.convert import to_q
from mnistrepl.ktorch.tensors.images import to_bytes, write_gif
from mnistrepl.q.values import sym


def reference_grid(x, rows, cols, pad, value):
    """The grid of 9.1, written out with numpy loops."""
    n, c, h, w = x.shape
    c2 = 3 if c == 1 else c
    out = np.full((c2, rows * (h + pad) + pad, cols * (w + pad) + pad), value, dtype=x.dtype)
    for k in range(min(n, rows * cols)):
        i, j = divmod(k, cols)
        top, left = i * (h + pad) + pad, j * (w + pad) + pad
        out[:, top:top + h, left:left + w] = x[k]
    return out


def test_makegrid_spec_example(q):
    x = (np.arange(60 * 784) % 200).astype(np.int16).reshape(60, 1, 28, 28)
    q.s.interp.assign_global("a", to_q(torch.from_numpy(x)))
    q("g:makegrid(a;10;6;2;255)")
    g = q.eval("g")
    assert q.one("count each (g;first g;first first g)") == "3 302 182"
    assert q.one("type g[0;0]") == "5h"
    got = np.array([[row.a for row in plane.items] for plane in g.items])
    assert np.array_equal(got, reference_grid(x, 10, 6, 2, 255))


def test_makegrid_defaults_and_tensor(q):
    x = np.random.rand(7, 3, 5, 4).astype(np.float32)
    q.s.interp.assign_global("a", to_q(torch.from_numpy(x)))
    q("t:tensor a", "p:makegrid(t;2;4)")
    got = q.k.handles.get(q.eval("p")).t.numpy()
    assert np.array_equal(got, reference_grid(x, 2, 4, 2, 0))
    q("p2:makegrid(t;0N;3;1;9)")             # null rows inferred: ceiling 7%3
    assert np.array_equal(q.k.handles.get(q.eval("p2")).t.numpy(), reference_grid(x, 3, 3, 1, 9))
    q("p3:makegrid(t;3)")                    # cols inferred
    assert q.one("size p3") == "3 23 20"
    assert q.one("count makegrid(a[;0];2;4)") == "3"      # 3-d input is n x 1 x H x W


def test_makegrid_errors(q):
    q("a:2 3#0")
    assert q.one("makegrid(a;1;1)") == \
        "'makegrid: expecting 3 or 4-dimensional input, 2 dimension(s) given"
    q("b:2 2 2#0")
    assert q.one("makegrid(b;0N;0N)") == "'makegrid: both rows & columns cannot be null"
    assert q.one("makegrid b").startswith("'makegrid: unrecognized arg(s), expecting 2-5")
    assert q.one("makegrid(b;`x)").startswith("'makegrid: unrecognized arg(s)")


def test_png_writes_and_emits(q, tmp_path):
    seen = []
    q.k.events.subscribe(lambda kind, data: seen.append((kind, data)))
    path = tmp_path / "sub" / "dir" / "x.png"
    x = np.zeros((3, 4, 5), dtype=np.int16)
    x[0, 1, 2] = 255
    x[1, 0, 0] = 300                          # C-style conversion wraps: 44
    q.s.interp.assign_global("g", to_q(torch.from_numpy(x)))
    q.s.interp.assign_global("f", sym(f":{path}"))
    assert q.one("png(f;g)") == f"`:{path}"
    im = Image.open(path)
    assert im.size == (5, 4) and im.mode == "RGB"
    assert im.getpixel((2, 1)) == (255, 0, 0) and im.getpixel((0, 0)) == (0, 44, 0)
    assert seen == [("image", {"path": str(path), "shape": (3, 4, 5)})]
    q.s.interp.assign_global("h", to_q(torch.full((1, 2, 3), 127.9)))
    q.s.interp.assign_global("f", sym(f"{tmp_path}/grey.png"))
    assert q.one("png(f;h)") == f"`{tmp_path}/grey.png"
    grey = Image.open(tmp_path / "grey.png")
    assert grey.mode == "L" and grey.getpixel((0, 0)) == 127
    q("t:tensor(`ones;4 2 2)")
    q.s.interp.assign_global("f", sym(f":{tmp_path}/rgba.png"))
    q("png(f;t)")
    assert Image.open(tmp_path / "rgba.png").mode == "RGBA"


def test_png_errors(q):
    assert q.one("png(1;2)") == \
        "'png: unrecognized arg(s), expects (PNG file name; image array/tensor)"
    assert q.one("png `a").startswith("'png: unrecognized arg(s)")
    assert q.one("png(`:out/tests/never.png;2 3 4#0)").startswith("'png: expecting image of 1, 3 or 4")


def test_to_bytes_c_style():
    assert to_bytes(np.array([-1.5, 0.9, 255.7, 256.0])).tolist() == [255, 0, 255, 0]
    assert to_bytes(np.array([-1, 300], dtype=np.int64)).tolist() == [255, 44]


def test_write_gif(tmp_path):
    paths = []
    for i in range(3):
        p = tmp_path / f"f{i}.png"
        Image.fromarray(np.full((6, 8, 3), i * 80, dtype=np.uint8)).save(p)
        paths.append(str(p))
    out = tmp_path / "anim" / "x.gif"
    assert write_gif(paths, str(out)) == str(out)
    im = Image.open(out)
    assert im.format == "GIF" and im.n_frames == 3 and im.size == (8, 6)
    assert im.info["loop"] == 0 and im.info["duration"] == 1000      # 1 s a frame
    with pytest.raises(ValueError):
        write_gif([], str(tmp_path / "none.gif"))
