"""What the bench entries share (bench/models.py, bench/gans.py): a session to run q lines
in, and the timing of one epoch through mnistrepl against one through plain torch."""
import statistics
import time

import torch

from mnistrepl.q.host import BufferHost
from mnistrepl.session import Session


def session(device):
    """(session, run): run(line) executes a q line, raising on a q error."""
    s = Session(BufferHost())
    s.options["device"] = device

    def run(line):
        if not s.execute(line):
            raise RuntimeError(s.host.text())
    return s, run


def sync(dev):
    if dev.type == "cuda":
        torch.cuda.synchronize(dev)


def timed(fn, dev):
    sync(dev)
    t = time.perf_counter()
    fn()
    sync(dev)
    return time.perf_counter() - t


def compare(name, ours, theirs, epochs, dev):
    """Time ours() and theirs() (one epoch each) epochs+1 times, alternating (each first in
    every other round), the first round a warm-up; print the median and best of each and the ratio of the medians
    (timings on a shared machine vary by tens of percent between runs: only this ratio,
    measured interleaved, compares the two). Returns that ratio."""
    a, b = [], []
    for e in range(epochs + 1):
        if e % 2:                   # which goes first alternates too
            t2, t1 = timed(theirs, dev), timed(ours, dev)
        else:
            t1, t2 = timed(ours, dev), timed(theirs, dev)
        if e:
            a.append(t1)
            b.append(t2)
    ma, mb = statistics.median(a), statistics.median(b)
    print(f"{name:7s} mnistrepl {ma:8.3f} s/epoch (best {min(a):.3f})   "
          f"plain torch {mb:8.3f} (best {min(b):.3f})   ratio {ma / mb:.3f}", flush=True)
    return ma / mb
