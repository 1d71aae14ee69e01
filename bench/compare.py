"""What the bench entries share (bench/models.py, bench/gans.py): a session to run q lines
in, and the timing of one epoch through mnistrepl against one through plain torch."""
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
    """Time ours() and theirs() (one epoch each) epochs+1 times, alternating; print the best
    of each after the warm-up epoch and their ratio (goal <= 1.05)."""
    a, b = [], []
    for e in range(epochs + 1):
        t1, t2 = timed(ours, dev), timed(theirs, dev)
        if e:
            a.append(t1)
            b.append(t2)
    a, b = min(a), min(b)
    print(f"{name:7s} mnistrepl {a:8.3f} s/epoch   plain torch {b:8.3f} s/epoch   ratio {a / b:.3f}",
          flush=True)
