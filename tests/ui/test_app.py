"""The Textual app of the live screen under Textual's pilot (App.run_test): synthetic
events in, the panes' text out; Ctrl-C, `?`, resizing, closing when the run is done."""
import asyncio

import numpy as np
import pytest

from feed import epoch, fed_state
from mnistrepl.ui.screen.app import REFRESH, LiveScreen
from mnistrepl.ui.screen.state import TrainState
from mnistrepl.ui.screen.widgets import (DigitPane, EpochTable, HelpPane, LogPane, MismatchPane,
                                         PlotPane, ProgressPane)


def run(coro):
    return asyncio.run(coro)


def text(app, pane):
    return "\n".join(app.query_one(pane).shown)


async def settle(pilot):
    await pilot.pause(2.5 * REFRESH)          # two ticks of the redraw timer


def test_panes_show_the_fed_state():
    async def go():
        app = LiveScreen(fed_state())
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            table = text(app, EpochTable)
            assert "epoch" in table and "89.10%" in table and "0.250000" in table
            assert "train 12/30 [" in text(app, ProgressPane)
            assert "ETA 0:01" in text(app, ProgressPane)
            assert "3.  loss: 0.250000" in text(app, LogPane)
            assert text(app, MismatchPane).split("\n")[:2] == ["2| 8".ljust(22), "3| 5 8".ljust(22)]
            assert "\u25cf" in text(app, PlotPane)
            assert text(app, DigitPane).strip() == "(no image yet)"
    run(go())


def test_new_events_reach_the_screen_within_a_tick():
    async def go():
        state = TrainState()
        app = LiveScreen(state)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert text(app, EpochTable).count("\n") == 0        # the header alone
            epoch(state, 1, 0.5, 0.4, 90.0)
            state.on_output("  1.  loss: 0.5\n")
            await settle(pilot)
            assert "90.00%" in text(app, EpochTable)
            assert "1.  loss: 0.5" in text(app, LogPane)
    run(go())


def test_digit_pane_draws_the_latest_png(tmp_path):
    from PIL import Image
    a = np.zeros((28, 28), dtype=np.uint8)
    a[4:24, 12:16] = 255                               # a "1"
    Image.fromarray(a).save(tmp_path / "one.png")

    async def go():
        state = TrainState()
        app = LiveScreen(state)
        async with app.run_test(size=(80, 24)) as pilot:
            state.on_event("image", {"path": str(tmp_path / "one.png"), "shape": (1, 28, 28)})
            await settle(pilot)
            assert "\u2588" in text(app, DigitPane)
    run(go())


def test_ctrl_c_asks_to_stop_and_question_mark_shows_keys():
    async def go():
        presses = []
        app = LiveScreen(fed_state(), stop=lambda: presses.append(1))
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+c")
            assert presses == [1] and app.is_running        # the run, not the app, stops
            assert "stopping" in str(app.query_one("#keys").render())
            assert not app.query_one(HelpPane).display
            await pilot.press("question_mark")
            await settle(pilot)
            assert app.query_one(HelpPane).display and not app.query_one(LogPane).display
            assert "Ctrl-C" in text(app, HelpPane)
            await pilot.press("question_mark")
            assert not app.query_one(HelpPane).display
    run(go())


def test_closes_when_the_evaluation_is_done():
    async def go():
        done = []
        app = LiveScreen(TrainState(), done=lambda: bool(done))
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert app.is_running
            done.append(1)
            await settle(pilot)
            assert not app.is_running
    run(go())


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (60, 16), (200, 60)])
def test_resizing_redraws_at_the_new_size(size):
    async def go():
        app = LiveScreen(fed_state())
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.resize_terminal(*size)
            await settle(pilot)
            for pane in (EpochTable, ProgressPane, LogPane):
                w = app.query_one(pane).content_size.width
                lines = app.query_one(pane).shown
                assert lines and all(len(line) == w for line in lines)
            assert "epoch" in text(app, EpochTable)
    run(go())


def test_ascii_panes_are_7bit():
    async def go():
        app = LiveScreen(fed_state(), ascii=True)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert "#" in text(app, ProgressPane) and "o" in text(app, PlotPane)
            for pane in app.query("Pane"):
                assert "\n".join(pane.shown).isascii()
                assert pane.styles.border_top[0] == "ascii"
    run(go())
