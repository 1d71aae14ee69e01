"""The live screen's cost (issue 12): `linear.q` in a 120x40 pty with the screen and with
--plain, runs interleaved; prints the `\\ts` milliseconds of each, the CPU seconds of the
whole process (less sensitive to other load on the machine) and the medians.

    python bench/screen_overhead.py [ROUNDS] [linear.q's args, default -epochs 3]
"""
import os
import resource
import statistics
import sys
from pathlib import Path

import pexpect

ROOT = Path(__file__).resolve().parents[1]


def cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run(options, args):
    """(`\\ts` ms, CPU s) of one run of commands/linear.q (`\\ts` is its last line)."""
    cpu = cpu_seconds()
    env = dict(os.environ, TERM="xterm-256color", MNISTREPL_HISTORY=os.devnull)
    c = pexpect.spawn(sys.executable, ["-m", "mnistrepl", "-q", *options, "commands/linear.q",
                                       *args], cwd=ROOT, env=env, dimensions=(40, 120),
                      timeout=3600)
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
    for _ in range(rounds):
        for name, options in (("screen", []), ("plain", ["--plain"])):
            ms, cpu = run(options, args)
            times[name].append((ms, cpu))
            print(f"{name} {ms} ms  cpu {cpu:.1f} s  load {os.getloadavg()[0]:.1f}", flush=True)
    for k, unit in ((0, "ms \\ts"), (1, "s cpu")):
        s = statistics.median(t[k] for t in times["screen"])
        p = statistics.median(t[k] for t in times["plain"])
        print(f"median {unit}: screen {s:.1f}, plain {p:.1f}: overhead {100 * (s / p - 1):+.1f}%")


if __name__ == "__main__":
    main(sys.argv[1:])
