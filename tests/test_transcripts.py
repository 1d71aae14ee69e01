"""Every tests/transcripts/*.txt file must print exactly what it records."""
from pathlib import Path

import pytest

from transcript import check_file

FILES = sorted((Path(__file__).parent / "transcripts").glob("*.txt"))


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_transcript(path):
    problems = check_file(path)
    assert not problems, "\n".join(problems)
