"""The screen's data (state.py) from synthetic api events, and each pane's text (render.py)."""
import numpy as np

from feed import epoch, fed_state, model
from mnistrepl.ui.screen import render
from mnistrepl.ui.screen.state import TrainState, mismatches


def test_epoch_rows_join_train_and_test_passes():
    s = fed_state()
    rows = s.snapshot().rows
    assert [r.epoch for r in rows] == [1, 2, 3]
    r = rows[1]
    assert (r.lr, r.train_loss, r.test_loss, r.accuracy, r.seconds) == (0.05, 0.35, 0.37, 89.1, 1.5)


def test_test_pass_alone_gets_its_own_row():
    s = TrainState()
    s.on_event("epoch", {"phase": "test", "seconds": 0.5, "metrics": {"accuracy": 97.5}})
    assert [(r.epoch, r.accuracy) for r in s.snapshot().rows] == [("test", 97.5)]


def test_lr_event_used_when_the_model_has_no_optimizer():
    s = TrainState()
    s.on_event("lr", {"optimizer": None, "lr": [0.0125]})
    s.on_event("epoch", {"phase": "train", "seconds": 1.0, "metrics": {"loss": 0.5}})
    assert s.snapshot().rows[0].lr == 0.0125


def test_progress_of_the_pass_under_way():
    p = fed_state().snapshot().progress
    assert (p.phase, p.batch, p.batches, p.rows) == ("train", 12, 30, 1200)
    assert round(p.rate) == 1833                  # 1100 rows in 0.6 s since the first event
    assert round(p.eta, 2) == 0.98                # 18 batches left at 11 batches / 0.6 s


def test_a_batch_changes_the_progress_alone():
    """`content` moves with everything but a batch: the screen redraws only the progress
    line for a batch (app.py), every pane for the rest."""
    s = TrainState()
    s.on_event("batch", {"phase": "train", "batch": 1, "batches": 9, "rows": 100, "loss": 1.0})
    v, p = s.version, s.content
    s.on_event("batch", {"phase": "train", "batch": 2, "batches": 9, "rows": 200, "loss": 0.9})
    assert (s.version, s.content) == (v + 1, p)
    for kind, data in (("epoch", {"phase": "train", "seconds": 1.0, "metrics": {}}),
                       ("lr", {"lr": [0.1]}), ("image", {"path": "x.png"})):
        s.on_event(kind, data)
        assert s.content == p + 1 and s.snapshot().content == s.content
        p = s.content
    s.on_output("text\n")
    assert s.content == p + 1


def test_new_pass_restarts_progress_and_epoch_clears_it():
    s = TrainState()
    epoch(s, 1, 0.5, 0.4, 90.0, batches=5)
    assert s.snapshot().progress is None and s.trained
    s.on_event("batch", {"phase": "test", "batch": 1, "batches": 10, "rows": 100, "loss": None})
    assert s.snapshot().progress.phase == "test"


def test_output_lines_and_partial_line():
    s = TrainState()
    s.on_output("a\nb")
    s.on_output("c\nd\n")
    assert s.snapshot().log == ["a", "bc", "d"]


def test_mismatches_as_helpers_q_gives_them():
    assert mismatches([3, 5, 1, 8, 8, 0], [3, 3, 1, 2, 3, 0]) == {2: [8], 3: [5, 8]}
    assert fed_state().snapshot().mismatches == {2: [8], 3: [5, 8]}


def test_unknown_events_are_ignored():
    s = TrainState()
    s.on_event("something", {})
    assert s.version == 0


# ---------------------------------------------------------------- render
def test_table_lines_fit_and_keep_the_latest_rows():
    rows = fed_state().snapshot().rows
    lines = render.table_lines(rows, 50, 3)
    assert len(lines) == 3 and all(len(line) == 50 for line in lines)
    assert lines[0].split() == ["epoch", "lr", "train", "loss", "test", "loss", "accuracy", "secs"]
    assert lines[1].split() == ["2", "0.05", "0.350000", "0.3700", "89.10%", "1.5"]
    assert lines[2].split()[0] == "3"


def test_progress_line_figures():
    p = fed_state().snapshot().progress
    line = render.progress_line(p, 70, ascii=True)
    assert line.startswith("train 12/30 [####") and "1,833 img/s  ETA 0:01" in line
    assert len(line) == 70 and line.isascii()
    assert "\u2588" in render.progress_line(p, 70)
    assert render.progress_line(None, 30).strip() == "waiting for the next pass"


def test_clock():
    assert [render.clock(s) for s in (5, 65, 3723)] == ["0:05", "1:05", "1:02:03"]


def test_plot_marks_both_series():
    rows = fed_state().snapshot().rows
    lines = render.plot_lines(rows, 60, 8, ascii=True)
    body = "\n".join(lines[1:])
    assert len(lines) == 8 and body.count("o") == 3 and body.count("+") == 3
    assert lines[1].startswith(" 0.9000|") and lines[1].rstrip().endswith("|91.50%")
    assert all(line.isascii() and len(line) == 60 for line in lines)


def test_log_lines_tail():
    assert render.log_lines(["a", "b", "c"], 3, 2) == ["b  ", "c  "]
    assert render.log_lines(["a"], 2, 2) == ["a ", "  "]


def test_mismatch_lines():
    assert render.mismatch_lines({2: [8], 3: [5, 8]}, 8, 5) == ["2| 8    ", "3| 5 8  "]
    assert render.mismatch_lines({}, 13, 5) == ["no mismatches"]


def test_image_lines_half_blocks_and_ascii():
    a = np.zeros((4, 4))
    a[0, :2] = 255                       # top-left pixel row lit
    a[1:, 3] = 255                       # right column lit below the first row
    assert render.image_lines(a, 4, 2) == ["\u2580\u2580 \u2584", "   \u2588"]
    assert render.image_lines(a, 4, 2, ascii=True) == ["** *", "   *"]


def test_image_lines_shrink_to_fit():
    a = np.full((28, 28), 255.0)
    lines = render.image_lines(a, 10, 4)
    assert len(lines) <= 4 and all(len(line) <= 10 for line in lines)
    assert set("".join(lines)) == {"\u2588"}


def test_load_image_reads_a_png(tmp_path):
    from PIL import Image
    Image.fromarray(np.full((6, 4), 200, dtype=np.uint8)).save(tmp_path / "x.png")
    assert render.load_image(tmp_path / "x.png").shape == (6, 4)
    assert render.load_image(tmp_path / "missing.png") is None
