"""The live screen's cost (issue 12): `linear.q` in a 120x40 pty with the screen and with
--plain, runs interleaved; prints the `\\ts` milliseconds of each, the CPU seconds of the
whole process (less sensitive to other load on the machine) and the medians; and, for the
screen runs, the CPU seconds the screen's own threads spent (live.py's record(): Textual's
import and every redraw) as a share of the evaluation's wall time — the figure least
disturbed by other jobs on the machine.

    python bench/screen_overhead.py [ROUNDS] [linear.q's args, default -epochs 3]
"""
import json
import os
import resource
import tempfile
import statistics
import sys
from pathlib import Path

import pexpect

ROOT = Path(__file__).resolve().parents[1]


def cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run(options, args, stats):
    """(`\\ts` ms, CPU s) of one run of commands/linear.q (`\\ts` is its last line)."""
    cpu = cpu_seconds()
    env = dict(os.environ, TERM="xterm-256color", MNISTREPL_HISTORY=os.devnull,
               MNISTREPL_SCREEN_STATS=stats)
    c = pexpect.spawn(sys.executable, ["-m", "mnistrepl", "-q", *options, "commands/linear.q",
                                       *args], cwd=ROOT, env=env, dimensions=(40, 120),
                      timeout=3600, maxread=65536,
                      searchwindowsize=1000)   # the screen writes MBs: search only the tail
    c.expect(rb"\r\n(\d+) \d+\r\n")
    ms = int(c.match.group(1))
    c.sendline("\\\\")
    c.expect(pexpect.EOF)
    c.close()
    return ms, cpu_seconds() - cpu


def main(argv):
    rounds = int(argv[0]) if argv else 2
    args = argv[1:] or ["-epochs", "3"]
    times = {"screen": [], "plain": []}
    shares = []
    stats = tempfile.mktemp(suffix=".jsonl")
    for _ in range(rounds):
        for name, options in (("screen", []), ("plain", ["--plain"])):
            ms, cpu = run(options, args, stats)
            times[name].append((ms, cpu))
            extra = ""
            if name == "screen":
                rec = screen_record(stats)
                shares.append(rec["screen_cpu"] / rec["wall"])
                extra = f"  screen threads {rec['screen_cpu']:.2f} s cpu of {rec['wall']:.1f} s"
            print(f"{name} {ms} ms  cpu {cpu:.1f} s{extra}  load {os.getloadavg()[0]:.1f}",
                  flush=True)
    for k, unit in ((0, "ms \\ts"), (1, "s cpu")):
        s = statistics.median(t[k] for t in times["screen"])
        p = statistics.median(t[k] for t in times["plain"])
        print(f"median {unit}: screen {s:.1f}, plain {p:.1f}: overhead {100 * (s / p - 1):+.1f}%")
    print(f"median screen threads' cpu / evaluation wall: {100 * statistics.median(shares):.1f}%")


def screen_record(path):
    """The last line live.py appended (one per evaluation that opened the screen)."""
    with open(path) as f:
        lines = f.read().splitlines()
    os.unlink(path)
    return json.loads(lines[-1])


if __name__ == "__main__":
    main(sys.argv[1:])
