"""gif(file;pngs): the GIF the GAN command files write, one frame per PNG, about a second
each, looping; the file symbol comes back as given; bad arguments are q errors."""
import numpy as np
import pytest
from PIL import Image


def pngs(tmp_path, n):
    out = []
    for i in range(n):
        p = tmp_path / f"f{i}.png"
        Image.fromarray(np.full((6, 8, 3), i * 80, dtype=np.uint8)).save(p)
        out.append(f'`$":{p}"')
    return out


def test_frames_duration_loop(q, tmp_path):
    files = pngs(tmp_path, 3)
    out = tmp_path / "sub" / "a.gif"
    assert q.one(f"gif(`$\":{out}\";({';'.join(files)}))") == f"`:{out}"
    im = Image.open(out)
    assert im.format == "GIF" and im.n_frames == 3 and im.size == (8, 6)
    assert im.info["loop"] == 0 and im.info["duration"] == 1000


def test_one_frame_from_a_symbol_pair(q, tmp_path):
    (f,) = pngs(tmp_path, 1)
    out = tmp_path / "b.gif"
    assert q.one(f"gif(`$\":{out}\";{f})") == f"`:{out}"
    assert Image.open(out).n_frames == 1


@pytest.mark.parametrize("arg", ["1", "`a", "(`a;())", "(`a;1 2)", "(1;`b)", "(`a;`b;`c)"])
def test_bad_arguments(q, arg):
    assert q.one(f"gif {arg}").startswith("'gif: unrecognized arg(s)")


def test_missing_png_names_the_file(q, tmp_path):
    missing = tmp_path / "none.png"
    assert q.one(f"gif(`$\":{tmp_path}/x.gif\";`$\":{missing}\")") == \
        f"'gif: {missing}. OS reports: No such file or directory"
