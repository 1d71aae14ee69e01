"""Every tests/transcripts/*.txt file must print exactly what it records."""
from pathlib import Path

import pytest

from transcript import check_file

FILES = sorted((Path(__file__).parent / "transcripts").glob("*.txt"))
TRAININGS = {"seed_api"}         # transcripts that train models: marked slow


@pytest.mark.parametrize("path", [
    pytest.param(p, id=p.stem, marks=pytest.mark.slow if p.stem in TRAININGS else ())
    for p in FILES])
def test_transcript(path):
    problems = check_file(path)
    assert not problems, "\n".join(problems)
