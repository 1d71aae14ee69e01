"""The api's per-session state: the handle table, the event hub, and what the session's
options say about devices and output. No torch here."""
import os

from .events import Events
from .handles import Handles


class Api:
    """Everything the api functions share within one session."""

    def __init__(self, interp, options=None):
        self.interp = interp
        self.handles = Handles()
        self.events = Events()
        self.options = options if options is not None else {}
        self.settings = {"alloptions": True, "complexfirst": False, "stackframe": False}
        self.started = False
        self.warned = set()         # kinds of torch warning already shown (core/warn.py)

    @property
    def default_device(self):
        """`--device` if given, else cpu (ktorch's default)."""
        return self.options.get("device") or "cpu"

    @property
    def out_dir(self):
        return self.options.get("out") or os.environ.get("MNISTREPL_OUT") or "out"

    def check_stop(self):
        """Raise 'stop when the user pressed Ctrl-C: loops call this at batch boundaries."""
        self.interp.check_stop()

    def write(self, text, fd=1):
        """Print through the session's host (the live screen captures it there)."""
        self.interp.host.write(fd, text)

    # conveniences over the handle table
    def new(self, obj):
        return self.handles.new(obj)

    def get(self, x):
        return self.handles.get(x)
