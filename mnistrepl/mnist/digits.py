"""The digit glyphs of `digits[]`: ten 28x28 images of printed digits 0-9 (0 background,
255 ink), drawn once by tools/make_digits.py with Pillow and stored as text in
digits.txt (a `digit d` line, then 28 rows of `#` ink and `.` background)."""
from functools import lru_cache
from pathlib import Path

import numpy as np

DATA = Path(__file__).with_name("digits.txt")


def parse(text):
    """List of ten 28x28 uint8 arrays from the data file's text.

    >>> int(parse(("digit 0\\n" + "#" * 28 + "\\n" + ("." * 28 + "\\n") * 27) * 10)[0][0, 0])
    255
    """
    rows = [ln for ln in text.split("\n") if ln and not ln.strip("#.")]   # others: headers
    if len(rows) != 280 or any(len(r) != 28 for r in rows):
        raise ValueError("digits.txt: expected 10 glyphs of 28 rows of 28")
    grid = np.array([[c == "#" for c in r] for r in rows], dtype=np.uint8) * 255
    return [grid[28 * d:28 * d + 28] for d in range(10)]


@lru_cache(maxsize=1)
def glyphs():
    """The stored glyphs (read once): ten 28x28 uint8 arrays, read-only."""
    out = parse(DATA.read_text())
    for g in out:
        g.flags.writeable = False
    return out
