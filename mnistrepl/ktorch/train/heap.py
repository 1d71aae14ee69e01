"""Freed memory kept in the process for the next batch during a `run` or `testrun` pass.

glibc returns each large block (over its mmap threshold, at most 32 MB) to the system when
it is freed and maps fresh zeroed pages for the next one, so every batch of a conv net
page-faults its largest activations afresh: 300,000 page faults and a quarter of the CPU
time of a conv.q epoch, measured. During a pass, blocks come from the heap and freed ones
stay there (no mmap, no trimming); afterwards the thresholds go to glibc's steady state
(blocks over 32 MB mapped, the heap trimmed past 64 MB free: where its own adjustment
ends up, which cannot be switched back on once set) and the pass's spare memory is
released. Other C libraries are left alone.

    with kept_memory():
        ...                     # the batches
"""
import contextlib
import ctypes
import functools
import os

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD, M_MMAP_MAX = -1, -3, -4     # glibc's malloc.h
KEEP = {M_MMAP_MAX: 0, M_TRIM_THRESHOLD: 2**31 - 1}
# what glibc's dynamic thresholds settle at once a large block has been freed
# (DEFAULT_MMAP_THRESHOLD_MAX on 64-bit; trim at twice the mmap threshold)
RESTORE = {M_MMAP_MAX: 65536, M_MMAP_THRESHOLD: 32 << 20, M_TRIM_THRESHOLD: 64 << 20}


@functools.cache
def glibc():
    """The C library with mallopt and malloc_trim, or None when it is not glibc."""
    try:
        if not os.confstr("CS_GNU_LIBC_VERSION").startswith("glibc"):
            return None
    except (ValueError, OSError, AttributeError):    # not a POSIX system with glibc
        return None
    try:
        libc = ctypes.CDLL(None)          # the process's own symbols: glibc's among them
    except OSError:
        return None
    return libc if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None


_depth = [0]     # passes now running: a pass within a pass leaves the settings to the outer


@contextlib.contextmanager
def kept_memory(libc=None):
    """Keep freed blocks in the heap for the duration (libc: a stand-in for tests)."""
    libc = libc or glibc()
    if libc is None:
        yield
        return
    if not _depth[0]:
        for param, value in KEEP.items():
            libc.mallopt(param, value)
    _depth[0] += 1
    try:
        yield
    finally:
        _depth[0] -= 1
        if not _depth[0]:
            for param, value in RESTORE.items():
                libc.mallopt(param, value)
            libc.malloc_trim(0)
