"""The `q` fixture of the api tests: a fresh session with the api started (kt_session.Q).
Without torch the whole folder is skipped. pytest's rootdir-relative import puts this folder
on sys.path (no __init__.py), so tests import kt_session and model_helpers directly."""
import pytest

pytest.importorskip("torch")

from kt_session import Q  # noqa: E402  (after the skip: it imports torch)


@pytest.fixture
def q():
    return Q()
