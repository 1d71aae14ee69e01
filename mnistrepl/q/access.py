"""Access: the one policy for what a session may touch outside itself (files read and
written, OS commands), owned by the host (host.py) so that every door out asks it.

Unrestricted, it still reads only regular files of a bounded size (a FIFO or /dev/zero
would otherwise be read until the kernel kills the process). Restricted (`--restricted`,
like q's -u), reads stay under the given directories, writes under the output directory,
and OS commands are refused; a refusal is `'access: ...` naming the rule.
"""
import os
import stat

from .errors import QError

READ_LIMIT = 2**30       # bytes one read may bring in (q would run out of workspace)


class Access:
    """Unrestricted by default; `Access(restricted=True, read_roots=..., write_roots=...)`."""

    def __init__(self, restricted=False, read_roots=(), write_roots=(), read_limit=READ_LIMIT):
        self.restricted = restricted
        self.read_roots = [os.path.realpath(r) for r in read_roots]
        self.write_roots = [os.path.realpath(r) for r in write_roots]
        self.read_limit = read_limit

    # ------------------------------------------------------------ rules
    def check_read(self, path):
        if self.restricted and not _under(path, self.read_roots):
            raise QError(f"access: {path}: --restricted reads only under data/, --data and .")
        return path

    def check_write(self, path):
        if self.restricted and not _under(path, self.write_roots):
            raise QError(f"access: {path}: --restricted writes only under --out")
        return path

    def check_command(self, what="system"):
        if self.restricted:
            raise QError(f"access: {what}: --restricted runs no OS commands")

    # ------------------------------------------------------------ reading
    def read_bytes(self, path):
        """The bytes of a regular file, at most read_limit of them ('wsfull beyond)."""
        self.check_read(path)
        try:
            _regular(os.stat(path), path)       # before open: opening a FIFO blocks
            with open(path, "rb") as f:
                return bounded_read(f, path, self.read_limit)
        except OSError as e:
            raise QError(f"{path}. OS reports: {e.strerror or 'error'}") from None

    def read_text(self, path):
        """A text file's contents (bytes that are not UTF-8 kept as surrogates)."""
        return self.read_bytes(path).decode("utf-8", "surrogateescape")


def bounded_read(f, path, limit):
    """Read an open file that must be regular and no larger than `limit` bytes."""
    info = _regular(os.fstat(f.fileno()), path)
    if info.st_size > limit:
        raise QError("wsfull")
    data = f.read(limit + 1)           # a file growing while we read stops at the limit
    if len(data) > limit:
        raise QError("wsfull")
    return data


def _regular(info, path):
    if not stat.S_ISREG(info.st_mode):
        raise QError(f"{path}. not a regular file")
    return info


def _under(path, roots):
    """Whether path (resolved: `..` and links followed) lies in one of the roots."""
    real = os.path.realpath(path)
    return any(real == r or real.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


class ReadOnly(Access):
    """reval's policy (code.kx.com/q/ref/eval#reval: "as if -u 1 and -b were active"):
    all writes to the file system and OS commands refused, reads only under the working
    directory (and where the session's own policy allows)."""

    def __init__(self, base):
        super().__init__(base.restricted, read_limit=base.read_limit)
        self.base = base

    def check_read(self, path):
        if not _under(path, [os.path.realpath(".")]):
            raise QError(f"access: {path}")
        return self.base.check_read(path)

    def check_write(self, path):
        raise QError(f"access: {path}")

    def check_command(self, what="system"):
        raise QError("access")


UNRESTRICTED = Access()


def access_of(interp):
    """The access policy of an interpreter's host (unrestricted when it has none), read
    only while a reval runs."""
    base = getattr(getattr(interp, "host", None), "access", None) or UNRESTRICTED
    return ReadOnly(base) if getattr(interp, "readonly", 0) else base
