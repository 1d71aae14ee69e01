"""Shared test set-up. pytest imports this file in its default `prepend` import mode,
which puts tests/ on sys.path, so test modules import the helper `transcript` by name."""
