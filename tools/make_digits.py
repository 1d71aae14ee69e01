"""One-off: draw the ten 28x28 digit glyphs that `digits[]` returns and store them as
mnistrepl/mnist/digits.txt (28 lines of `#`/`.` per digit, `#` = ink 255). The runtime
reads that file only (mnistrepl/mnist/digits.py); Pillow is needed just here.

DejaVu Sans Bold (where installed; else Pillow's built-in scalable font,
ImageFont.load_default(size=...), Pillow >= 10.1, whose 9 reads as an 8 at this size) is
rendered 8x large, cropped to its ink, scaled into a 10x13 box at rows 8..20 and columns
9..18 of the 28x28 image, and thresholded, so that the seed's `-2@7_-7_6_'-6_' "* "0=n 9;`
shows the whole 9. Run from the repo root:

    python tools/make_digits.py          # rewrite the data file
    python tools/make_digits.py --check  # exit 1 if the stored file differs
"""
import sys
from pathlib import Path

import numpy as np
import PIL
from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parents[1] / "mnistrepl" / "mnist" / "digits.txt"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
SCALE = 8                       # render at 8 pixels per output cell
TOP, HEIGHT = 8, 13             # glyph rows 8..20
LEFT, WIDTH = 9, 10             # glyph columns 9..18
THRESHOLD = 0.5                 # fraction of a cell inked to count as ink


def font_name():
    """The font the glyphs are drawn with (named in the data file's first line)."""
    return Path(FONT).name if Path(FONT).is_file() else "Pillow's built-in font"


def load_font():
    size = 20 * SCALE
    if Path(FONT).is_file():
        return ImageFont.truetype(FONT, size)
    return ImageFont.load_default(size=size)


def glyph(d):
    """28x28 uint8 array (0 or 255) of digit d."""
    font = load_font()
    img = Image.new("L", (40 * SCALE, 40 * SCALE), 0)
    ImageDraw.Draw(img).text((4 * SCALE, 2 * SCALE), str(d), fill=255, font=font)
    ink = img.crop(img.getbbox())
    w = max(1, min(WIDTH, round(HEIGHT * ink.width / ink.height)))   # keep the aspect
    cells = ink.resize((w * SCALE, HEIGHT * SCALE), Image.LANCZOS)
    a = np.asarray(cells, dtype=np.float64).reshape(HEIGHT, SCALE, w, SCALE).mean(axis=(1, 3))
    out = np.zeros((28, 28), np.uint8)
    left = LEFT + (WIDTH - w) // 2
    out[TOP:TOP + HEIGHT, left:left + w] = np.where(a >= THRESHOLD * 255, 255, 0)
    return out


def header():
    return f"drawn by tools/make_digits.py: {font_name()}, Pillow {PIL.__version__}"


def text():
    """The data file: a line naming the Pillow that drew it, then for each digit a
    header line `digit d` and 28 rows of # and ."""
    lines = [header()]
    for d in range(10):
        lines.append(f"digit {d}")
        lines += ["".join("#" if v else "." for v in row) for row in glyph(d)]
    return "\n".join(lines) + "\n"


def main(argv):
    new = text()
    if "--check" in argv:
        return 0 if OUT.read_text() == new else 1
    OUT.write_text(new)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
