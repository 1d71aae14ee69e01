"""The Textual app of the live screen (product.md §6). Imported only when the screen
opens (live.py), so a session that never trains on a terminal never loads Textual.

It runs on the main thread while the evaluation runs on a worker (live.py). A timer
reads the shared TrainState twice a second and redraws the panes when it changed,
so the training loop never waits for the screen; when the worker is done the app exits.
"""
from textual.app import App
from textual.binding import Binding
from textual.containers import Horizontal
from textual.filter import NoColor
from textual.widgets import Static

from .widgets import (DigitPane, EpochTable, HelpPane, LogPane, MismatchPane, Pane, PlotPane,
                      ProgressPane)

REFRESH = 0.5            # seconds between redraws: inline, Textual renders every line of the
                         # screen each time (30-50 ms of CPU and the GIL at 120x40), so 2 a
                         # second keeps the screen near 3% of a 2-core machine's training
MAX_ROWS = 40            # taller terminals keep the rest for the scrollback above
KEYS = "Ctrl-C stop   ? keys"


class LiveScreen(App):
    """Panes over a TrainState. `stop()` is what Ctrl-C does; `done()` says when to close."""

    CSS_PATH = "screen.tcss"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding("ctrl+c", "stop", "stop the run", priority=True),
                Binding("question_mark", "keys", "show the keys")]

    def __init__(self, state, stop=None, done=None, ascii=False):
        super().__init__()
        self.state, self.stop, self.done, self.ascii = state, stop, done, ascii
        self.version = self.content = None   # the state's counters last drawn
        self.panes = self.progress = None     # the panes, found once on mount
        self.stopping = False
        if ascii:     # no colour under --ascii: the filter Textual itself adds for NO_COLOR
            self._filters.append(NoColor())

    def compose(self):
        a = self.ascii
        with Horizontal(classes="band"):
            yield EpochTable("epochs", a)
            yield DigitPane("digits", a)
        with Horizontal(classes="band"):
            yield PlotPane("loss & accuracy", a)
            yield MismatchPane("mismatches", a)
        yield ProgressPane("progress", a)
        yield LogPane("log", a)
        yield HelpPane("keys", a)
        yield Static(KEYS, id="keys")

    def on_mount(self):
        if self.ascii:
            self.screen.add_class("ascii")
        self.fit_height()
        self.panes = list(self.query(Pane))
        self.progress = self.query_one(ProgressPane)
        self.tick()
        self.set_interval(REFRESH, self.tick)

    def tick(self):
        """Close when the evaluation is done, else redraw what changed."""
        if self.done is not None and self.done():
            self.exit()
            return
        if self.state.version == self.version:
            return
        snap = self.state.snapshot()
        self.version = snap.version
        if snap.content == self.content:       # a batch: only the progress line moved
            self.progress.show(snap)
            return
        self.content = snap.content
        for pane in self.panes:
            pane.show(snap)

    def on_resize(self):
        self.fit_height()          # the panes redraw themselves at their new sizes

    def fit_height(self):
        """All rows but the one the cursor came from: inline, the screen is drawn below
        it, and a screen as tall as the terminal would scroll that line away."""
        if self.is_inline:
            self.screen.styles.height = max(min(self.size.height - 1, MAX_ROWS), 1)

    def action_stop(self):
        """Ctrl-C: 'stop at the next batch (a second press interrupts at once)."""
        if self.stop is not None:
            self.stop()
        self.stopping = True
        self.query_one("#keys", Static).update("stopping at the next batch ('stop) ...")

    def action_keys(self):
        self.screen.toggle_class("help")
