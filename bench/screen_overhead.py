"""The live screen's cost (issue 12): `linear.q` in a 120x40 pty with the screen and with
--plain, runs interleaved; prints the `\\ts` milliseconds of each and the medians.

    python bench/screen_overhead.py [ROUNDS] [linear.q's args, default -epochs 3]
"""
import os
import statistics
import sys
from pathlib import Path

import pexpect

ROOT = Path(__file__).resolve().parents[1]


def run(options, args):
    """`\\ts` ms of one run of commands/linear.q (its last output line before the prompt)."""
    env = dict(os.environ, TERM="xterm-256color", MNISTREPL_HISTORY=os.devnull)
    c = pexpect.spawn(sys.executable, ["-m", "mnistrepl", "-q", *options, "commands/linear.q",
                                       *args], cwd=ROOT, env=env, dimensions=(40, 120),
                      timeout=3600)
    c.expect(rb"\r\n(\d+) \d+\r\n")
    ms = int(c.match.group(1))
    c.sendline("\\\\")
    c.expect(pexpect.EOF)
    return ms


def main(argv):
    rounds = int(argv[0]) if argv else 2
    args = argv[1:] or ["-epochs", "3"]
    times = {"screen": [], "plain": []}
    for _ in range(rounds):
        for name, options in (("screen", []), ("plain", ["--plain"])):
            times[name].append(run(options, args))
            print(name, times[name][-1], "ms  load", round(os.getloadavg()[0], 1), flush=True)
    s, p = statistics.median(times["screen"]), statistics.median(times["plain"])
    print(f"median screen {s:.0f} ms, plain {p:.0f} ms: overhead {100 * (s / p - 1):+.1f}%")


if __name__ == "__main__":
    main(sys.argv[1:])
