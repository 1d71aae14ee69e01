"""Shared test set-up. pytest imports this file in its default `prepend` import mode,
which puts tests/ on sys.path, so test modules import the helper `transcript` by name."""
import sys


def pytest_terminal_summary(terminalreporter):
    """How many lines the property tests ran (tests/fuzzing.py's TALLY), when they ran."""
    fuzzing = sys.modules.get("fuzzing")
    if fuzzing and fuzzing.TALLY:
        terminalreporter.write_line("fuzzed: " + ", ".join(
            f"{n:,} {kind}" for kind, n in sorted(fuzzing.TALLY.items())))
