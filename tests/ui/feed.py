"""Synthetic api events for the screen's tests: what `run`/`testrun` emit for a short run."""
from types import SimpleNamespace

from mnistrepl.ui.screen.state import TrainState


def model(lr=0.05):
    """An object shaped like the api's model as far as the screen reads it (its lr)."""
    return SimpleNamespace(opt=SimpleNamespace(opt=SimpleNamespace(param_groups=[{"lr": lr}])))


def epoch(state, n, loss, test_loss, accuracy, batches=30, m=None):
    """One training pass of `batches` batches of 100 rows, then a test pass."""
    m = m or model()
    for b in range(1, batches + 1):
        state.on_event("batch", {"model": m, "phase": "train", "batch": b, "batches": batches,
                                 "rows": 100 * b, "loss": loss})
    state.on_event("epoch", {"model": m, "phase": "train", "batches": batches,
                             "rows": 100 * batches, "seconds": 1.25,
                             "metrics": {"loss": loss}})
    state.on_event("epoch", {"model": m, "phase": "test", "batches": 10, "rows": 1000,
                             "seconds": 0.25,
                             "metrics": {"loss": test_loss, "accuracy": accuracy}})


def fed_state():
    """Three epochs, a pass under way, printed lines and a mismatches dictionary."""
    s = TrainState()
    for n, (a, b, c) in enumerate([(0.9, 0.5, 85.0), (0.35, 0.37, 89.1), (0.25, 0.3, 91.5)]):
        epoch(s, n + 1, a, b, c)
        s.on_output(f"{n + 1:3d}.  loss: {a:.6f}  test: {b:.4f}  accuracy: {c:.2f}%\n")
    s.on_event("epoch", {"model": model(), "phase": "test", "batches": 1, "rows": 6,
                         "seconds": 0.1, "metrics": {}, "predict": [3, 5, 1, 8, 8, 0],
                         "target": [3, 3, 1, 2, 3, 0]})
    for b in range(1, 13):
        s.on_event("batch", {"model": model(), "phase": "train", "batch": b, "batches": 30,
                             "rows": 100 * b, "loss": 0.2})
    p = s.progress                    # fixed timing: 12 batches in 0.6 s since the first
    p.started, p.at = 100.0, 100.6
    return s
