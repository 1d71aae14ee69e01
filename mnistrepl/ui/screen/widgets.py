"""The live screen's panes: each draws the lines render.py makes for its size from the
latest Snapshot. A pane is redrawn only when its lines changed: most ticks change the
progress line alone, and redrawing all panes each tick would cost the training thread
the GIL for tens of milliseconds. Nothing here scrolls, so no scrollbar (a non-ASCII
glyph) is ever drawn.

Panes use Textual's line API (`render_line` gives a Strip per row): drawn inline, the
screen renders every row of every pane at each refresh, and plain segments skip the
Rich-text pipeline a `render()` goes through (about half of a redraw's CPU).
"""
from rich.segment import Segment
from textual.strip import Strip
from textual.widget import Widget

from . import render


class Pane(Widget):
    """A bordered box whose text comes from `lines(snapshot, width, height)`."""

    DEFAULT_CSS = "Pane { overflow: hidden hidden; }"

    def __init__(self, title, ascii=False, **kw):
        super().__init__(**kw)
        self.border_title = title
        self.ascii = ascii
        self.snapshot = None
        self.shown = []          # the lines on screen

    def show(self, snapshot):
        """Draw `snapshot` if it changes what this pane shows."""
        self.snapshot = snapshot
        w, h = self.content_size
        lines = self.lines(snapshot, w, h) if w > 0 and h > 0 else []
        if lines != self.shown:
            self.shown = lines
            self.refresh()

    def on_resize(self):
        if self.snapshot is not None:
            self.show(self.snapshot)

    def render_line(self, y):
        line = self.shown[y] if y < len(self.shown) else ""
        return Strip([Segment(line, self.rich_style)]).crop_extend(0, self.content_size.width,
                                                                   self.rich_style)

    def lines(self, snap, width, height):
        raise NotImplementedError


class EpochTable(Pane):
    def lines(self, snap, width, height):
        return render.table_lines(snap.rows, width, height)


class ProgressPane(Pane):
    def lines(self, snap, width, height):
        return [render.progress_line(snap.progress, width, self.ascii)]


class PlotPane(Pane):
    def lines(self, snap, width, height):
        return render.plot_lines(snap.rows, width, height, self.ascii)


class LogPane(Pane):
    def lines(self, snap, width, height):
        return render.log_lines(snap.log, width, height)


class MismatchPane(Pane):
    def lines(self, snap, width, height):
        return render.mismatch_lines(snap.mismatches, width, height)


class DigitPane(Pane):
    """The latest image the api wrote (a grid PNG), read again only when it changes."""

    def __init__(self, title, ascii=False, **kw):
        super().__init__(title, ascii, **kw)
        self.path, self.pixels = None, None

    def lines(self, snap, width, height):
        if snap.image != self.path:
            self.path = snap.image
            self.pixels = None if snap.image is None else render.load_image(snap.image)
        if self.pixels is None:
            return [render.fit("(no image yet)", width)]
        return render.image_lines(self.pixels, width, height, self.ascii)


class HelpPane(Pane):
    def lines(self, snap, width, height):
        return [render.fit(line, width) for line in render.HELP][:height]
