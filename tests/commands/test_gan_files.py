"""End to end: gan.q and cgan.q in their short form (`-epochs 2 -train 600`), run as users
run them (`mnistrepl --out DIR commands/X.q ...`): the seed's lines, a PNG grid per epoch of
the grid's pixel size, a GIF with a frame per epoch, the closing line and the score lines.

The score's classifier (judge in commands/mnist.q) is trained to 99% on first use, which
takes minutes; here its weights file is written beforehand from an untrained network, so
the runs check that the saved weights are found and used and that the lines are printed
(the figures themselves are checked by full runs, see README)."""
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
EPOCH = re.compile(r"^Epoch: (\d+) +\d\d:\d\d:\d\d    Median loss for discriminator: +\d+\.\d{3}"
                   r" generator: +\d+\.\d{3}$")


def mnistrepl(*args, tmp, stdin=None):
    cmd = [sys.executable, "-m", "mnistrepl", "-q", "--plain", "--out", str(tmp), *args]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900,
                          input=stdin, stdin=None if stdin is not None else subprocess.DEVNULL)


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    """An --out directory holding judge.dat (untrained weights of the judge network)."""
    tmp = tmp_path_factory.mktemp("gan")
    p = mnistrepl(tmp=tmp, stdin='\\l commands/mnist.q\n'
                  '(` sv hsym[`$outdir[]],`judge.dat) set dict parms judgenet`cpu\n')
    assert p.returncode == 0 and "judge.dat" in p.stdout, p.stdout + p.stderr
    return tmp


def run(name, out, *args):
    p = mnistrepl(f"commands/{name}.q", "-epochs", "2", "-train", "600", *args, tmp=out)
    assert p.returncode == 0, p.stdout + p.stderr
    return p.stdout.splitlines()


def check_common(name, out, lines, size):
    assert lines[0] == "Epochs: 2, batch size: 60, iterations per epoch: 10", lines
    assert [EPOCH.match(s).group(1) for s in lines[1:3]] == ["1", "2"], lines
    assert lines[3:5] == ["", f"Generated digits in dir {out}/, {name}01.png - {name}02.png, "
                              f"{name}.gif"], lines
    for e in (1, 2):
        img = Image.open(out / f"{name}0{e}.png")
        assert img.size == size and img.mode == "RGB"
    gif = Image.open(out / f"{name}.gif")
    assert gif.n_frames == 2 and gif.size == size and gif.info["loop"] == 0
    assert gif.info["duration"] == 1000
    assert (out / f"{name}.dat").stat().st_size > 0          # the generator's state (gansave)


@pytest.mark.slow
def test_gan_short_form(out):
    lines = run("gan", out)
    check_common("gan", out, lines, (182, 302))          # 10 rows x 6 columns of 28+2
    assert re.match(r"^classifier is confident \(p >= 0\.9\) about \d+\.\d% of 1000 generated "
                    r"digits$", lines[5]), lines
    shares = re.match(r"^share of each digit among them: (.*)$", lines[6]).group(1).split(", ")
    assert [s.split(":")[0] for s in shares] == [str(d) for d in range(10)], lines
    assert all(re.match(r"^\d: \d+\.\d%$", s) for s in shares), lines
    assert len(lines) == 7, lines


@pytest.mark.slow
def test_cgan_short_form(out):
    lines = run("cgan", out)
    check_common("cgan", out, lines, (302, 302))         # 10 noise rows x digits 0-9
    assert re.match(r"^classifier recognised \d+\.\d% of 1000 generated digits as the digit "
                    r"asked for$", lines[5]), lines
    assert len(lines) == 6, lines
    p = mnistrepl(tmp=out, stdin="{key[x]set'get x}(`ktorch 2:`fns,1)[];\n"
                  "g:module get` sv hsym[`$outdir[]],`cgan.dat\n"
                  "(count state g;(exec first options from state g where module=`embed)`rows)\n")
    assert p.stdout.splitlines()[-1] == "18 10", p.stdout + p.stderr      # embed's rows


@pytest.mark.slow
@pytest.mark.parametrize("name", ["gan", "cgan"])
@pytest.mark.parametrize("args,msg", [
    (("-epochs", "0"), "-epochs 0: expecting at least 1"),
    (("-epochs", "-3"), "-epochs -3: expecting at least 1"),
    (("-train", "60001"), "-train 60001: only 60000 training images"),
    (("-train", "59"), "-train 59: expecting at least 60 (one batch)")])
def test_bad_options_stop_before_training(name, args, msg, tmp_path):
    p = mnistrepl(f"commands/{name}.q", *args, tmp=tmp_path)
    assert p.returncode == 1
    assert p.stdout.splitlines()[0] == "'" + msg, p.stdout
    assert "Epoch" not in p.stdout and not list(tmp_path.iterdir())
