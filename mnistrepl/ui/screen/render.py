"""The live screen's panes as plain lines of text, from a Snapshot (state.py) and a size.

Pure functions, no Textual: the widgets (widgets.py) only place these lines, so what
each pane says is tested directly, and `ascii=True` keeps every character 7-bit
(`#` bar, `*` digits, `o`/`+` plot marks).
"""
import numpy as np

from .state import EpochRow

LIT = 64                             # a shrunk cell's mean grey that shows as ink
HEADER = ("epoch", "lr", "train loss", "test loss", "accuracy", "secs")
WIDTHS = (5, 8, 10, 9, 8, 5)         # 50 columns with the blanks: fits 80 beside the digits


def _num(v, fmt):
    return "" if v is None else format(v, fmt)


def table_lines(rows, width, height):
    """The epoch table: a header, then the latest rows that fit (older ones scroll away)."""
    cells = [HEADER] + [row_cells(r) for r in rows[-max(height - 1, 0):]] if height > 0 else []
    return [fit(" ".join(c.rjust(w) for c, w in zip(cs, WIDTHS)), width) for cs in cells]


def row_cells(r: EpochRow):
    return (str(r.epoch), _num(r.lr, ".3g"), _num(r.train_loss, ".6f"),
            _num(r.test_loss, ".4f"), "" if r.accuracy is None else f"{r.accuracy:.2f}%",
            f"{r.seconds:.1f}")


def fit(text, width):
    """text cut or padded to exactly `width` columns."""
    return text[:width].ljust(width)


def clock(seconds):
    """`1:05` / `1:02:03` for an ETA."""
    s = int(round(seconds))
    h, rest = divmod(s, 3600)
    return f"{h}:{rest // 60:02d}:{rest % 60:02d}" if h else f"{rest // 60}:{rest % 60:02d}"


def progress_line(p, width, ascii=False):
    """`train  45/600 [#####.....]  7,512 img/s  ETA 0:03` for the pass under way."""
    if p is None:
        return fit("waiting for the next pass", width)
    figures = f"{p.batch}/{p.batches}"
    rate = "" if p.rate is None else f"  {p.rate:,.0f} img/s"
    eta = "" if p.eta is None else f"  ETA {clock(p.eta)}"
    head, tail = f"{p.phase:<5} {figures} ", f"{rate}{eta}"
    room = width - len(head) - len(tail) - 2
    bar = f"[{bar_text(p.batch / max(p.batches, 1), room, ascii)}]" if room >= 5 else ""
    return fit(head + bar + tail, width)


def bar_text(fraction, width, ascii=False):
    full, empty = ("#", ".") if ascii else ("\u2588", "\u2591")
    n = int(round(min(max(fraction, 0.0), 1.0) * width))
    return full * n + empty * (width - n)


def plot_lines(rows, width, height, ascii=False):
    """Training loss (o) and test accuracy (+) by epoch on one chart: loss scaled 0..max
    on the left axis, accuracy min..max on the right; a legend line on top."""
    loss = [(i, r.train_loss) for i, r in enumerate(rows) if r.train_loss is not None]
    acc = [(i, r.accuracy) for i, r in enumerate(rows) if r.accuracy is not None]
    lo_mark, acc_mark = ("o", "+") if ascii else ("\u25cf", "\u25c6")
    legend = fit(f"{lo_mark} train loss   {acc_mark} test accuracy", width)
    if height < 3 or width < 20:
        return [legend][:max(height, 0)]
    if not loss and not acc:
        return [legend] + [fit("(after the first epoch)", width)] + [" " * width] * (height - 2)
    h, label_w = height - 1, 8
    plot_w = width - 2 * label_w
    grid = [[" "] * plot_w for _ in range(h)]
    n = len(rows)
    lmax = max((v for _, v in loss), default=1.0) or 1.0
    amin, amax = min((v for _, v in acc), default=0.0), max((v for _, v in acc), default=100.0)
    _marks(grid, loss, n, lambda v: v / lmax, lo_mark)
    _marks(grid, acc, n, lambda v: (v - amin) / (amax - amin) if amax > amin else 1.0, acc_mark)
    left = [f"{lmax:.4f}"] + [""] * (h - 2) + ["0"] if h > 1 else [f"{lmax:.4f}"]
    right = [f"{amax:.2f}%"] + [""] * (h - 2) + [f"{amin:.2f}%"] if h > 1 else [f"{amax:.2f}%"]
    body = [left[k].rjust(label_w - 1) + "|" + "".join(grid[k]) + "|" + right[k].ljust(label_w - 1)
            for k in range(h)]
    return [legend] + [fit(b, width) for b in body]


def _marks(grid, points, n, scale, mark):
    """Put `mark` at each (epoch index, value) point, x spread over the width."""
    h, w = len(grid), len(grid[0])
    for i, v in points:
        x = 0 if n <= 1 else round(i * (w - 1) / (n - 1))
        y = h - 1 - round(min(max(scale(v), 0.0), 1.0) * (h - 1))
        grid[y][x] = mark


def log_lines(log, width, height):
    """The last lines printed that fit, cut to the width."""
    tail = log[-height:] if height > 0 else []
    return [fit(line, width) for line in tail] + [" " * width] * (height - len(tail))


def mismatch_lines(mm, width, height):
    """`3| 5 5 8` per true digit with errors, as q shows the mismatches dictionary."""
    if mm is None:
        return [fit("(none yet)", width)][:height]
    lines = [fit(f"{y}| " + " ".join(map(str, ps)), width) for y, ps in mm.items()]
    return lines[:height] or [fit("no mismatches", width)][:height]


def image_lines(pixels, width, height, ascii=False):
    """A grey image (2-D array, 0 dark .. 255 bright) shrunk to fit width x height cells:
    two pixel rows per cell with half blocks, or `*` for any lit cell under --ascii."""
    a = np.asarray(pixels, dtype=np.float64)
    if a.ndim != 2 or not a.size or width < 1 or height < 1:
        return []
    step = max(a.shape[1] / width, a.shape[0] / (2 * height), 1.0)
    cols, rows = max(int(a.shape[1] / step), 1), max(int(a.shape[0] / step), 1)
    lit = _shrink(a, rows + rows % 2, cols) > LIT     # thin strokes survive the shrinking
    out = []
    for top, bottom in zip(lit[0::2], lit[1::2]):
        out.append("".join(_cell(t, b, ascii) for t, b in zip(top, bottom)))
    return out


def _shrink(a, rows, cols):
    """Mean of the blocks of `a` that map onto a rows x cols grid."""
    ys = np.linspace(0, a.shape[0], rows + 1).astype(int)
    xs = np.linspace(0, a.shape[1], cols + 1).astype(int)
    out = np.zeros((rows, cols))
    for i in range(rows):
        for j in range(cols):
            block = a[ys[i]:max(ys[i + 1], ys[i] + 1), xs[j]:max(xs[j + 1], xs[j] + 1)]
            out[i, j] = block.mean() if block.size else 0.0
    return out


def _cell(top, bottom, ascii):
    if ascii:
        return "*" if top or bottom else " "
    return {(True, True): "\u2588", (True, False): "\u2580", (False, True): "\u2584"}.get(
        (bool(top), bool(bottom)), " ")


def load_image(path):
    """The PNG at `path` as one grey 2-D array (channels averaged), or None if unreadable."""
    from PIL import Image
    try:
        with Image.open(path) as im:
            return np.asarray(im.convert("L"))
    except (OSError, ValueError):
        return None


HELP = ("Ctrl-C  stop the run at the next batch ('stop); the session keeps its variables",
        "?       show or hide these keys",
        "The screen closes when the evaluation ends; the plain transcript follows it.",
        "mnistrepl --plain never opens it.")
