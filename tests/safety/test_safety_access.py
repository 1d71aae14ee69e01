"""OS commands (`system "cmd"`, `\\cmd`) and --restricted (issue 13, items 10 and 16): one
access policy, owned by the host, refuses what the rules forbid with 'access naming the rule."""
import os

import pytest

from mnistrepl.q.access import Access
from mnistrepl.q.host import BufferHost
from mnistrepl.session import Session


def run(session, *lines):
    session.host.out.clear()
    for line in lines:
        session.execute(line)
    return session.host.text(1)


def test_system_runs_an_os_command():
    s = Session(BufferHost())
    assert run(s, 'system "echo hi; echo there"') == '"hi"\n"there"\n'
    assert run(s, "\\echo a") == ',"a"\n'
    assert run(s, 'system "exit 3"').startswith("'os\n")
    assert run(s, 'count system "P"') == "1\n"          # q's own commands first


@pytest.fixture
def restricted(tmp_path, monkeypatch):
    work, out, data = tmp_path / "work", tmp_path / "work" / "out", tmp_path / "data"
    for d in (work, out, data):
        d.mkdir()
    (work / "ok.txt").write_text("inside\n")
    (tmp_path / "secret.txt").write_text("outside\n")
    monkeypatch.chdir(work)
    access = Access(restricted=True, read_roots=[work, data], write_roots=[out])
    return Session(BufferHost(access=access))


def test_restricted_refuses_os_commands(restricted):
    assert run(restricted, 'system "echo hi"').startswith(
        "'access: echo: --restricted runs no OS commands\n")
    assert run(restricted, "\\ls").startswith("'access: ls:")


def test_restricted_reads_only_under_its_directories(restricted):
    assert run(restricted, "read0 `:ok.txt") == '"inside"\n'
    out = run(restricted, "read0 `:../secret.txt")
    assert out.startswith("'access: ../secret.txt: --restricted reads only under")
    assert run(restricted, "\\l ../secret.txt").startswith("'access: ../secret.txt")
    assert run(restricted, "mnist`:..").startswith("'access: ..:")


def test_restricted_writes_only_under_out(restricted):
    out = run(restricted, "png(`:../evil.png;3 4#0)")
    assert out.startswith("'access: ../evil.png: --restricted writes only under --out")
    assert not os.path.exists("../evil.png")
    assert run(restricted, "png(`:out/a.png;3 4#0)") == "`:out/a.png\n"
    assert os.path.exists("out/a.png")
