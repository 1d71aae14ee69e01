"""End to end: the transformer and L-BFGS command files (issue 10) on 2000 training images,
run as users run them, checked for their epoch lines, the mismatches and the grid PNG."""
import pytest

from test_command_files import EPOCH, TS, check_grid, run

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("name", ["transformer", "lbfgs"])
def test_issue10_command_file(name, tmp_path):
    lines = run(name, tmp=tmp_path)
    epochs = [line for line in lines if EPOCH.match(line)]
    assert len(epochs) == 1, lines
    assert any(TS.match(line) for line in lines), lines
    if name == "lbfgs":
        assert "  lr: 1.0000  " in epochs[0]          # lr[m]: L-BFGS's default rate
    check_grid(lines, tmp_path / f"{name}.png")
