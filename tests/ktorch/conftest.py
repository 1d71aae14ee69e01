"""The `q` fixture of the api tests: a fresh session with the api loaded (kt_session.Q).
pytest puts this folder on sys.path (no __init__.py), so tests import kt_session directly."""
import pytest

from kt_session import Q


@pytest.fixture
def q():
    return Q()
