"""torch's warnings (UserWarning and kin) during an api call: one short line each, once a
session, named by the api function: the first sentence of the message, without the
site-packages path and source line Python's default display adds (issue 13 item 11)."""
import re
import warnings
from contextlib import contextmanager

_PATH = re.compile(r"(?:/[^\s/:]+)+/([^\s/:]+)")   # an absolute path: keep its last part


@contextmanager
def brief_warnings(state, name):
    """Run the body catching warnings; afterwards (error or not) show the new ones."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            yield
        finally:
            for w in caught:
                show(state, name, w.category, str(w.message))


def show(state, name, category, message):
    """Write `name: warning: text` to stderr unless this kind was shown already."""
    text = brief(message)
    key = (name, category, re.sub(r"\d+", "#", text))   # sizes differ; the kind does not
    if key in state.warned:
        return
    state.warned.add(key)
    state.write(f"{name}: warning: {text}\n", fd=2)


def brief(message):
    """The first sentence of the first line, paths cut to their file names."""
    line = (message.strip().split("\n") or [""])[0]
    line = _PATH.sub(r"\1", line)
    m = re.search(r"[.!?](\s|$)", line)
    return (line[:m.start() + 1] if m else line) or "warning"
