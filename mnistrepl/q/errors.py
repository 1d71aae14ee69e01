"""QError, the one error type of the q layer, and Stop (an interrupt).

A QError carries q's error name (`type`, `length`, a signalled message, an undefined name)
and, once the evaluator has located it, where it happened: the source text of the failing
unit (input line or lambda), the offset of the failing primitive in it and the call depth.
"""


class QError(Exception):
    """A q error: `QError("type")` prints as `'type`."""

    def __init__(self, name):
        super().__init__(name)
        self.name = str(name)
        self.pos = None           # offset of the failing primitive in `unit.src`
        self.unit = None          # the compiled unit (input line or lambda) that failed
        self.depth = 0            # lambda call depth where it was located
        self.signal = False       # raised by 'x: located one level up
        self.sigpos = None        # position of the ' for a signal reaching the top level
        self.lam = None           # the Lambda value whose body failed, once known

    def __repr__(self):
        return f"QError({self.name!r})"


class Stop(QError):
    """Raised at a safe point when the user interrupts evaluation (Ctrl-C)."""

    def __init__(self):
        super().__init__("stop")
