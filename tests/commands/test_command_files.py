"""End to end: each classifier command file in its short form (`-epochs 1 -train 2000`,
with `-test 1000`: SimpNet's pass over all 10000 test images takes minutes on 2 cores),
run as users run it (`mnistrepl --out DIR commands/X.q ...`), checked for the seed's printed
lines and, where the seed writes one, a mismatch grid PNG of the right size."""
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("torch")
from PIL import Image  # noqa: E402

pytestmark = pytest.mark.slow      # whole trainings: `pytest -m "not slow"` leaves them out

ROOT = Path(__file__).resolve().parents[2]
EPOCH = re.compile(r"^ *1\.  lr: \d\.\d{4}  training loss: +\d+\.\d{6}  test accuracy: +\d+\.\d\d%$")
LINEAR_EPOCH = re.compile(r"^ *1\.  loss: +\d+\.\d{6}  test: +\d+\.\d{4}  accuracy: +\d+\.\d\d%$")
TS = re.compile(r"^\d+ \d+$")
MISS = re.compile(r"^(\d)\| (,\d|\d( \d)+)$")
TEST = 1000          # test images in the short form


def run(name, *args, tmp):
    cmd = [sys.executable, "-m", "mnistrepl", "-q", "--plain", "--out", str(tmp), "-c", "50", "20000",
           f"commands/{name}.q", "-epochs", "1", "-train", "2000", "-test", str(TEST), *args]
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900,
                       stdin=subprocess.DEVNULL)
    assert p.returncode == 0, p.stdout + p.stderr
    return p.stdout.splitlines()


def mismatches(lines):
    """{digit: [predictions]} of the printed `mismatches:` dictionary."""
    i = lines.index("mismatches:")
    out = {}
    for line in lines[i + 1:]:
        m = MISS.match(line.rstrip())
        if not m:
            break
        out[int(m.group(1))] = [int(v) for v in m.group(2).lstrip(",").split()]
    return out


ACCURACY = re.compile(r"accuracy: +(\d+\.\d\d)%$")


def check_grid(lines, path):
    """The PNG has one pair of 30-pixel rows per digit with errors and 1 + the most errors
    of a digit columns, 2 pixels of padding (makegrid). The mismatches agree with the last
    accuracy printed (same model, so a test run on a stale model shows up here)."""
    miss = mismatches(lines)
    assert miss, "no mismatches printed"
    acc = [float(m.group(1)) for m in map(ACCURACY.search, lines) if m][-1]
    assert sum(map(len, miss.values())) == round(TEST * (100 - acc) / 100), (acc, miss)
    assert f"grid of mismatches: {path}" in lines
    img = Image.open(path)
    width = 1 + max(len(v) for v in miss.values())
    assert img.size == (2 + 30 * width, 2 + 30 * 2 * len(miss))
    assert img.mode == "RGB"


def test_logit(tmp_path):
    lines = run("logit", tmp=tmp_path)
    assert TS.match(lines[0]), lines
    assert re.match(r"^\d+(\.\d+)?% test accuracy$", lines[1]), lines


def test_linear(tmp_path):
    lines = run("linear", tmp=tmp_path)
    assert LINEAR_EPOCH.match(lines[0]), lines
    assert TS.match(lines[1]), lines


@pytest.mark.parametrize("name", ["conv", "lstm"])
def test_mismatch_grid_models(name, tmp_path):
    lines = run(name, tmp=tmp_path)
    assert EPOCH.match(lines[0]), lines
    assert TS.match(lines[1]), lines
    check_grid(lines, f"{tmp_path}/{name}.png")


def test_swa(tmp_path):
    lines = run("swa", tmp=tmp_path)
    assert lines[:2] == ["", "weight averaging:"], lines
    assert EPOCH.match(lines[2]), lines
    assert re.match(r"^test accuracy using average weights from epoch 1-1: +\d+\.\d\d%$",
                    lines[4]), lines
    check_grid(lines, f"{tmp_path}/swa.png")


def test_simple(tmp_path):
    lines = run("simple", tmp=tmp_path)
    assert lines[0] == "epochs: 1, batch size: 100, iterations per epoch: 20", lines
    assert EPOCH.match(lines[1]), lines
    check_grid(lines, f"{tmp_path}/simple.png")
