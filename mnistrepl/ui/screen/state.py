"""What the live screen shows, kept up to date from the api's events (product.md §6).

TrainState is the bridge between the evaluation and the screen: the api calls `on_event`
on the evaluating thread once per batch, so that handler only stores what arrived (a
few attribute writes, no formatting); the screen reads a `snapshot()` at most ~10 times
a second on its own thread and does all the arithmetic and drawing there. Plain Python,
no Textual: it is tested and used without a terminal.
"""
import threading
import time
from collections import deque
from dataclasses import dataclass, field

LOG_LINES = 500          # lines of printed output the log pane keeps


@dataclass
class EpochRow:
    """One row of the epoch table: a training pass and the test pass that follows it."""
    epoch: object                 # 1, 2, ... or "test" for a test pass with no training
    lr: float = None
    train_loss: float = None
    test_loss: float = None
    accuracy: float = None
    seconds: float = 0.0


@dataclass
class Progress:
    """The pass under way: from its latest batch event, and where the pass began."""
    phase: str
    batch: int
    batches: int
    rows: int
    loss: float
    started: float                # perf_counter at the pass's first event
    first_rows: int               # rows done at that first event
    first_batch: int
    at: float                     # perf_counter of the latest event

    @property
    def rate(self):
        """Images per second since the pass's first event (None until measurable)."""
        dt = self.at - self.started
        return (self.rows - self.first_rows) / dt if dt > 0 and self.rows > self.first_rows else None

    @property
    def eta(self):
        """Seconds left at the rate of the batches done so far (None until measurable)."""
        done = self.batch - self.first_batch
        dt = self.at - self.started
        if done <= 0 or dt <= 0:
            return None
        return max(self.batches - self.batch, 0) * dt / done


@dataclass
class Snapshot:
    """A consistent copy of the state for one redraw."""
    rows: list
    progress: Progress
    log: list
    image: str
    mismatches: dict
    version: int
    content: int                  # TrainState.content: a batch alone changes only the progress


@dataclass
class TrainState:
    """Everything the screen draws, fed by `on_event` (api events) and `on_output`."""
    rows: list = field(default_factory=list)
    progress: Progress = None
    log: deque = field(default_factory=lambda: deque(maxlen=LOG_LINES))
    image: str = None             # path of the latest PNG the api wrote
    mismatches: dict = None       # true digit -> sorted wrong predictions
    version: int = 0              # bumped by every change: the screen redraws on a new one
    content: int = 0              # bumped by every change but a batch's: all panes redraw
    trained: bool = False         # a train or test pass has reported (the screen may open)
    lr: float = None              # the latest rate `lr` set
    partial: str = ""             # printed text after the last newline

    def __post_init__(self):
        self.lock = threading.Lock()

    # ---------------------------------------------------------------- writers
    def on_event(self, kind, data):
        """The api's event subscriber (ktorch/events.py lists the kinds)."""
        if kind == "batch":
            self._batch(data)
            self.version += 1
            return
        if kind == "epoch":
            with self.lock:
                self._epoch(data)
        elif kind == "lr":
            self.lr = data["lr"][0] if data.get("lr") else None
        elif kind == "image":
            self.image = data["path"]
        else:
            return
        self.version += 1
        self.content += 1

    def _batch(self, d):
        """Hot path: one call per batch, on the training thread."""
        now = time.perf_counter()
        p = self.progress
        if p is None or d["phase"] != p.phase or d["batch"] <= p.batch:
            self.progress = Progress(d["phase"], d["batch"], d["batches"], d["rows"], d["loss"],
                                     now, d["rows"], d["batch"], now)
        else:
            p.batch, p.rows, p.loss, p.at = d["batch"], d["rows"], d["loss"], now
        self.trained = True

    def _epoch(self, d):
        m = d.get("metrics") or {}
        if d["phase"] == "train":
            lr = model_lr(d.get("model"))
            self.rows.append(EpochRow(sum(isinstance(r.epoch, int) for r in self.rows) + 1,
                                      self.lr if lr is None else lr, m.get("loss"),
                                      seconds=d.get("seconds") or 0.0))
        else:
            if "loss" in m or "accuracy" in m:
                self._test_row(m, d.get("seconds") or 0.0)
            if d.get("predict") is not None and d.get("target") is not None:
                self.mismatches = mismatches(d["predict"], d["target"])
        self.progress = None
        self.trained = True

    def _test_row(self, m, seconds):
        """Test figures complete the epoch's row, or make a row of their own."""
        last = self.rows[-1] if self.rows else None
        if last is None or last.test_loss is not None or last.accuracy is not None:
            last = EpochRow("test")
            self.rows.append(last)
        last.test_loss, last.accuracy = m.get("loss"), m.get("accuracy")
        last.seconds += seconds

    def on_output(self, text):
        """Printed text (the log pane shows it line by line)."""
        with self.lock:
            lines = (self.partial + text).split("\n")
            self.partial = lines.pop()
            self.log.extend(lines)
            self.version += 1
            self.content += 1

    # ---------------------------------------------------------------- reader
    def snapshot(self):
        with self.lock:
            p = self.progress
            log = list(self.log) + ([self.partial] if self.partial else [])
            return Snapshot([EpochRow(**vars(r)) for r in self.rows],
                            None if p is None else Progress(**vars(p)), log, self.image,
                            None if self.mismatches is None else dict(self.mismatches),
                            self.version, self.content)


def model_lr(model):
    """The first parameter group's learning rate of a model's optimizer, if it has one
    (read from the event's model object: the screen never imports the api)."""
    groups = getattr(getattr(getattr(model, "opt", None), "opt", None), "param_groups", None)
    try:
        return float(groups[0]["lr"])
    except (TypeError, IndexError, KeyError, ValueError):
        return None


def mismatches(predict, target):
    """{true digit: sorted wrong predictions} for the digits with errors, as helpers.q's
    `mismatches` gives (predict and target: equal-length sequences of ints)."""
    out = {}
    for p, y in zip(predict, target):
        if p != y:
            out.setdefault(int(y), []).append(int(p))
    return {y: sorted(out[y]) for y in sorted(out)}
