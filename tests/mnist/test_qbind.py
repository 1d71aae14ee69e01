"""mnist[], digits[], showdigit and mismatches in a q session (product.md §4, seed 000
"Loading", "Quick display", "Digit labels"); faults in the data are q errors naming the
file, and the session goes on."""
import gzip
import re
from pathlib import Path

import numpy as np
import pytest

from mnistrepl.mnist import qbind
from mnistrepl.mnist.load import load
from mnistrepl.q.host import BufferHost
from mnistrepl.q.system.script import statements
from mnistrepl.session import Session

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"


def new_session(options=None):
    host = BufferHost()
    s = Session(host)
    s.options.update(options or {})
    return s, host


def run(s, host, line):
    """Output lines (trailing blanks removed) of one input line."""
    host.out.clear()
    s.execute(line)
    return [l.rstrip() for l in host.text().split("\n")[:-1]]


@pytest.fixture(scope="module")
def loaded():
    """A session with d:mnist[] (the full data is read once for the module)."""
    s, host = new_session()
    assert run(s, host, "d:mnist[]") == []
    return s, host


def test_shorts_without_copies_per_element(loaded):
    s, host = loaded
    d = s.interp.globals["d"]
    assert [v.a.dtype for v in d.v.items] == [np.int16] * 4
    assert run(s, host, "type each d") == ["x| 5", "y| 5", "X| 5", "Y| 5"]


def test_explicit_directory_forms(loaded, monkeypatch):
    # relative to the project root: a q symbol cannot hold every character a checkout's
    # absolute path may have (`/ci-run/data` lexes as `/ci minus run/data`)
    s, host = loaded
    monkeypatch.chdir(ROOT)
    assert run(s, host, "d~mnist`:data") == ["1b"]
    assert run(s, host, "d~mnist`data") == ["1b"]
    assert run(s, host, 'd~mnist"data"') == ["1b"]
    assert run(s, host, f'd~mnist"{DATA}"') == ["1b"]      # a string may hold any path


def test_showdigit_prints_label_and_art_of_one_image(loaded):
    s, host = loaded
    out = run(s, host, "r:showdigit . d`x`y")
    assert re.fullmatch(r"\dh", out[0]) and len(out) == 29
    art = np.array([[c == "*" for c in row.ljust(28)] for row in out[1:]])
    d = s.interp.globals["d"]
    x = d.v.items[0].a.reshape(-1, 784) > 0
    hits = np.flatnonzero((x == art.reshape(784)).all(axis=1))
    labels = d.v.items[1].a
    assert any(labels[i] == int(out[0][0]) for i in hits)
    assert run(s, host, "r~(::)") == ["1b"]


def test_showdigit_draws_from_the_session_rng(loaded):
    s, host = loaded
    s.interp.rng = np.random.default_rng(7)
    first = run(s, host, "showdigit . d`x`y")
    s.interp.rng = np.random.default_rng(7)
    assert run(s, host, "showdigit . d`x`y") == first


# ------------------------------------------------------------------ faults
def idx(magic, dims, body):
    return magic.to_bytes(4, "big") + b"".join(n.to_bytes(4, "big") for n in dims) + body


def small_set(directory, gz=False, train=2):
    """Tiny valid idx files: `train` training images (label 3), one test image (label 9)."""
    directory.mkdir(parents=True, exist_ok=True)
    files = {
        "train-images-idx3-ubyte": idx(0x803, [train, 28, 28], bytes(train * 784)),
        "train-labels-idx1-ubyte": idx(0x801, [train], bytes([3] * train)),
        "t10k-images-idx3-ubyte": idx(0x803, [1, 28, 28], bytes(784)),
        "t10k-labels-idx1-ubyte": idx(0x801, [1], bytes([9])),
    }
    for name, data in files.items():
        if gz:
            (directory / (name + ".gz")).write_bytes(gzip.compress(data))
        else:
            (directory / name).write_bytes(data)
    return directory


def check_error_then_goes_on(directory, expect):
    s, host = new_session()
    run(s, host, "a:42")
    out = run(s, host, f'd:mnist":{directory}"')    # a string: tmp paths hold `-`
    assert out[0].startswith("'mnist: ") and expect in out[0], out
    assert run(s, host, "1+1") == ["2"]
    assert run(s, host, "a") == ["42"]


def test_missing_file(tmp_path):
    small_set(tmp_path)
    (tmp_path / "train-labels-idx1-ubyte").unlink()
    check_error_then_goes_on(tmp_path, "train-labels-idx1-ubyte: not found")


def test_truncated_file(tmp_path):
    small_set(tmp_path)
    p = tmp_path / "t10k-images-idx3-ubyte"
    p.write_bytes(p.read_bytes()[:512])
    check_error_then_goes_on(tmp_path, "t10k-images-idx3-ubyte: truncated, expected 800 bytes, got 512")


def test_wrong_magic(tmp_path):
    small_set(tmp_path)
    p = tmp_path / "train-images-idx3-ubyte"
    p.write_bytes(b"\x00\x00\x08\x01" + p.read_bytes()[4:])
    check_error_then_goes_on(tmp_path, "train-images-idx3-ubyte: bad magic number")


def test_corrupt_gzip(tmp_path):
    small_set(tmp_path, gz=True)
    (tmp_path / "t10k-labels-idx1-ubyte.gz").write_bytes(b"\x1f\x8bnot gzip")
    check_error_then_goes_on(tmp_path, "t10k-labels-idx1-ubyte: unreadable")


def test_gz_small_set(tmp_path):
    s, host = new_session()
    assert run(s, host, f'count each mnist"{small_set(tmp_path, gz=True)}"') == [
        "x| 1568", "y| 2", "X| 784", "Y| 1"]


def test_bad_argument_is_type_error():
    s, host = new_session()
    assert run(s, host, "mnist 1")[0] == "'type"
    assert run(s, host, "digits 1")[0] == "'type"


# ------------------------------------------------------------------ default directory
def test_default_prefers_data_beside_the_script(tmp_path, monkeypatch):
    small_set(tmp_path / "data", train=3)
    small_set(tmp_path / "other", train=5)
    monkeypatch.setenv("MNIST_DATA", str(tmp_path / "other"))
    script = tmp_path / "run.q"
    script.write_text("c:count each mnist[]\n")
    s, host = new_session({"data": str(tmp_path / "other")})
    s.set_script(str(script))
    assert run(s, host, f"\\l {script}") == []
    assert run(s, host, "c`y") == ["3"]


def test_default_then_data_option_then_env(tmp_path, monkeypatch):
    small_set(tmp_path / "opt", train=4)
    small_set(tmp_path / "env", train=5)
    monkeypatch.setenv("MNIST_DATA", str(tmp_path / "env"))
    s, host = new_session({"data": str(tmp_path / "opt")})
    s.set_script(str(tmp_path / "nodata" / "x.q"))      # no data/ beside it: skipped
    assert run(s, host, "count mnist[][`y]") == ["4"]
    s.options["data"] = None
    assert run(s, host, "count mnist[][`y]") == ["5"]
    assert run(s, host, "count mnist[`][`y]") == ["5"]


def test_default_project_data_then_none(tmp_path, monkeypatch):
    monkeypatch.delenv("MNIST_DATA", raising=False)
    s, _ = new_session()
    assert qbind.default_dir(s) == str(DATA)
    monkeypatch.setattr(qbind, "PROJECT_DATA", tmp_path / "none")
    monkeypatch.chdir(tmp_path)
    s, host = new_session()
    assert run(s, host, "mnist[]")[0].startswith("'mnist: no data directory")
    small_set(tmp_path / "data", train=6)
    assert run(s, host, "count mnist[][`y]") == ["6"]


# ------------------------------------------------------------------ digits
def test_digit_glyphs_are_distinct_short_images():
    s, host = new_session()
    run(s, host, "n:digits[]")
    n = s.interp.globals["n"]
    assert len(n.items) == 10
    imgs = []
    for g in n.items:
        assert len(g.items) == 28
        assert all(r.t == 5 and r.a.shape == (28,) for r in g.items)
        imgs.append(np.stack([r.a for r in g.items]))
    assert set(np.unique(np.stack(imgs)).tolist()) == {0, 255}
    assert len({im.tobytes() for im in imgs}) == 10


def test_glyphs_fit_the_seed_window():
    """`-2@7_-7_6_'-6_' "* "0=n 9;` (seed) must show all of each glyph's ink."""
    s, host = new_session()
    run(s, host, "n:digits[]")
    for d in range(10):
        out = run(s, host, f"-2@7_-7_6_'-6_' \"* \"0=n {d};")
        assert len(out) == 14 and out[0] == "" and out[1] and out[-1]
        ink = int(np.sum(np.stack([r.a for r in s.interp.globals["n"].items[d].items]) > 0))
        assert sum(line.count("*") for line in out) == ink


def test_stored_glyphs_reproduce():
    """tools/make_digits.py redraws digits.txt exactly (same font and Pillow only)."""
    import importlib.util
    import PIL
    spec = importlib.util.spec_from_file_location("make_digits", ROOT / "tools" / "make_digits.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    stored = (ROOT / "mnistrepl" / "mnist" / "digits.txt").read_text()
    if stored.split("\n")[0] != tool.header():
        pytest.skip(f"drawn with another font or Pillow than {PIL.__version__}")
    assert tool.text() == stored


# ------------------------------------------------------------------ q helpers
def test_commands_file_defines_the_packaged_helpers():
    """commands/mnist.q starts with helpers.q's definitions (then the command-file helpers)."""
    script = [s for _, s in statements((ROOT / "commands" / "mnist.q").read_text())]
    packaged = [s for _, s in statements(qbind.HELPERS.read_text())]
    assert script[:len(packaged)] == packaged


def test_commands_file_loads_twice():
    s, host = new_session()
    for _ in range(2):
        assert run(s, host, "\\l commands/mnist.q" if Path("commands").is_dir()
                   else f"\\l {ROOT / 'commands' / 'mnist.q'}") == []
    assert run(s, host, "-1 \" \" sv string system\"f\";") == [
        "cganscore epochmsg ganend ganfile ganmsg ganopts gansave ganscore judge judgeload judgenet "
        "judgetrain mismatches misses missgrid opts pixels prep probs showdigit showmisses"]
    assert run(s, host, "mismatches[1 2 3;1 2 2h]~(enlist 2h)!enlist enlist 3") == ["1b"]


def test_helpers_built_in_not_globals():
    s, host = new_session()
    assert run(s, host, "\\f") == ["`symbol$()"]
    assert run(s, host, "mismatches[0 1 2 2 4 3;0 7 1 2 1 7h]") == ["1| 2 4", "7| 1 3"]


def test_pure_reader_matches(loaded):
    s, _ = loaded
    raw = load(str(DATA))
    d = s.interp.globals["d"]
    assert all(np.array_equal(raw[k], v.a) for k, v in zip("xyXY", d.v.items))


def test_cli_runs_the_commands_file():
    import subprocess
    import sys
    r = subprocess.run([sys.executable, "-m", "mnistrepl", "-q", "--plain", "commands/mnist.q"],
                       input="\\f\n", capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert r.returncode == 0 and r.stdout == "", (r.stdout, r.stderr)


def test_judge_weights_load_only_into_the_judges_network(tmp_path):
    """judgeload gives 1b for the judge's own weights, 0b (never an error) for another
    network's, which `judge` then retrains rather than scoring with a half-copied net."""
    s, host = new_session({"out": str(tmp_path)})
    path = "commands/mnist.q" if Path("commands").is_dir() else ROOT / "commands" / "mnist.q"
    run(s, host, f"\\l {path}")
    run(s, host, "{key[x]set'get x}(`ktorch 2:`fns,1)[];")
    run(s, host, "m:judgenet`cpu; w:dict p:parms m; free p")
    assert run(s, host, "judgeload[judgenet`cpu;w]") == ["1b"]
    run(s, host, "q:module seq(`sequential;(`conv2d;1;20;5);`relu;(`linear;3;4))")
    run(s, host, "o:dict p:parms q; free p")
    assert run(s, host, "judgeload[judgenet`cpu;o]") == ["0b"]
    assert run(s, host, "judgeload[judgenet`cpu;(enlist`x)!enlist 1 2e]") == ["0b"]
