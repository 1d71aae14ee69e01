"""OS commands: `system "ls"` and `\\ls` (a `\\` command q does not know) run the text in
the shell as q does, returning its output lines as strings; the command's error output goes
to stderr and a failing command is `'os`. The session's access policy (q/access.py) may
refuse them (--restricted)."""
import subprocess

import numpy as np

from ..access import access_of
from ..errors import QError
from ..values import C, List, Vec


def os_command(interp, text):
    """Run `text` with /bin/sh; its stdout lines as a list of strings."""
    access_of(interp).check_command(text.split(" ")[0] or "system")
    try:
        done = subprocess.run(["/bin/sh", "-c", text], stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    except OSError as e:
        raise QError(f"os: {e.strerror}") from None
    if done.stderr and interp.host is not None:
        interp.host.write(2, done.stderr.decode("utf-8", "replace"))
    if done.returncode != 0:
        raise QError("os")
    return List([Vec(C, np.frombuffer(line, dtype=np.uint8).copy()) for line in _lines(done.stdout)])


def _lines(data):
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return [ln[:-1] if ln.endswith(b"\r") else ln for ln in lines]
