"""The workspace limit (q's `-w MB`): past it, building a value is `'wsfull` instead of
growing until the operating system kills the process.

Two checks share the one limit: a result's size is checked, in real bytes, before the
primitive allocates it (`check_bytes`, `value_bytes`), and the process's resident memory
is sampled at the evaluator's safe points (`check_process`, from Interp.check_stop), which
catches values grown item by item (`{x+1}\\[0]`). The default is half of physical memory.
"""
import os
import time

import numpy as np

from .errors import QError

SHARE = 2               # the default limit is physical memory / SHARE
SAMPLE_EVERY = 0.01     # seconds between samples of resident memory (safe points are frequent)


def physical_memory():
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 8 * 2**30


def resident_bytes():
    """The process's resident memory now (Linux's /proc; 0 where that is missing)."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


class Workspace:
    def __init__(self, limit=None):
        self.limit = limit or physical_memory() // SHARE
        self.sampled = 0.0

    def check_bytes(self, nbytes):
        """'wsfull when a result of nbytes would pass the limit."""
        if nbytes > self.limit:
            raise QError("wsfull")

    def check_growth(self, nbytes):
        """'wsfull when the process, grown by nbytes, would pass the limit (a large
        allocation outside the evaluator: the api's tensors)."""
        if resident_bytes() + nbytes > self.limit:
            raise QError("wsfull")

    def check_process(self):
        """'wsfull when the process already holds more than the limit. Sampled by the
        monotonic clock (read in user space, well under a microsecond): the process's CPU
        clock is a system call that sums every thread's time, measured at 8-270 us per call
        while torch's threads work, a third of a logit.q batch; reading /proc costs about
        18 us, at most once per 10 ms."""
        now = time.monotonic()
        if now - self.sampled < SAMPLE_EVERY:
            return
        self.sampled = now
        if resident_bytes() > self.limit:
            raise QError("wsfull")


WORKSPACE = Workspace()


def value_bytes(x, depth=0):
    """About how many bytes value x holds: its arrays' bytes, items of general lists
    counted one by one (a Python reference and object for each), a few levels deep."""
    a = getattr(x, "a", None)
    if isinstance(a, np.ndarray):
        return a.nbytes + 64
    its = getattr(x, "items", None)
    if isinstance(its, list):
        if depth > 4:
            return 64 * len(its)
        return 64 + sum(8 + value_bytes(i, depth + 1) for i in its)
    return 64
