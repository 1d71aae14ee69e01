"""Transcript files: `q)` lines are input, the lines after each are the exact console
output expected (compared with trailing blanks removed, since q pads table cells).
Lines starting with `## ` are notes for the reader and are skipped.
Each file runs in a fresh session."""
import io
from pathlib import Path

from mnistrepl.q.host import BufferHost
from mnistrepl.session import Session


def parse(text):
    """[(line number, input, [expected lines])] of a transcript."""
    cases = []
    for n, line in enumerate(text.split("\n"), 1):
        if line.startswith("## "):
            continue
        if line.startswith("q)"):
            cases.append((n, line[2:].lstrip(")"), []))   # q)) is a debug prompt
        elif cases:
            cases[-1][2].append(line)
    for _, _, out in cases:
        while out and out[-1] == "":
            out.pop()
    return cases


def run_lines(lines, session=None):
    """Outputs (list of lines) of each input line, run in one session."""
    host = BufferHost()
    session = session or Session(host)
    session.host = host
    session.interp.host = host
    outs = []
    for line in lines:
        host.out.clear()
        try:
            session.execute(line)
        except SystemExit:
            pass
        text = host.text()
        outs.append([l.rstrip() for l in text.split("\n")][:-1] if text else [])
    return outs


def check_file(path):
    """List of mismatch messages for one transcript file (empty when all match)."""
    cases = parse(Path(path).read_text())
    outs = run_lines([c[1] for c in cases])
    problems = []
    for (n, src, want), got in zip(cases, outs):
        want = [w.rstrip() for w in want]
        if got != want:
            problems.append(f"{Path(path).name}:{n}: q){src}\n  want: {want!r}\n  got:  {got!r}")
    return problems
