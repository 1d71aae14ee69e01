"""SVG snapshots of the live screen at fixed sizes and data (Textual's export_screenshot),
compared with the committed files in tests/ui/snapshots/. After a deliberate change to
the screen, rewrite them with MNISTREPL_UPDATE_SNAPSHOTS=1 and look at them before
committing (README.md shows live-120x40.svg)."""
import asyncio
import os
from pathlib import Path

import numpy as np
import pytest

from feed import fed_state
from mnistrepl.mnist.digits import glyphs
from mnistrepl.ui.screen.app import LiveScreen

SNAPSHOTS = Path(__file__).with_name("snapshots")


def fed_with_digits(tmp_path):
    """fed_state plus a grid of the ten printed digits as the latest image."""
    from PIL import Image
    g = glyphs()
    row = np.concatenate([np.pad(g[d], 2) for d in range(5)], axis=1)
    grid = np.concatenate([row, np.concatenate([np.pad(g[d], 2) for d in range(5, 10)], 1)])
    Image.fromarray(grid.astype(np.uint8)).save(tmp_path / "digits.png")
    state = fed_state()
    state.on_event("image", {"path": str(tmp_path / "digits.png"), "shape": (1,) + grid.shape})
    return state


def screenshot(state, size, ascii):
    async def go():
        app = LiveScreen(state, ascii=ascii)
        async with app.run_test(size=size) as pilot:
            await pilot.pause(0.3)
            return app.export_screenshot(title="mnistrepl")
    return asyncio.run(go())


@pytest.mark.parametrize("name, size, ascii", [
    ("live-80x24", (80, 24), False),
    ("live-120x40", (120, 40), False),
    ("live-ascii-80x24", (80, 24), True),
])
def test_snapshot(tmp_path, name, size, ascii):
    svg = screenshot(fed_with_digits(tmp_path), size, ascii)
    path = SNAPSHOTS / f"{name}.svg"
    if os.environ.get("MNISTREPL_UPDATE_SNAPSHOTS"):
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(svg, encoding="utf-8")
    assert svg == path.read_text(encoding="utf-8"), f"{path.name} changed"
