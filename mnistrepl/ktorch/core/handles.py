"""Api handles (ktorch-api.md 0.2, 1.1, 1.3): a pointer is a one-item general list holding
a long, `,94571232`. The long names a Box in the session's table; several handles may
share one Box (`addref`), and `use[a]b` swaps the object inside a's Box, so every handle
to it sees the new object.

No torch here: the table stores any object with a `kind` attribute, one of KINDS.
"""
import numpy as np

from mnistrepl.q.errors import QError
from mnistrepl.q.values import Atom, List, J

KINDS = ("tensor", "vector", "dictionary", "module", "loss", "optimizer", "model")
FIRST_ID = 94571232      # ids look like ktorch's addresses; any unique long would do
STEP = 16


class Box:
    """One object and the number of handles that share it."""
    __slots__ = ("obj", "refs")

    def __init__(self, obj):
        self.obj = obj
        self.refs = 1


def is_pointer(x):
    """A 1-item general list holding a long atom has the shape of a pointer."""
    return (isinstance(x, List) and len(x.items) == 1 and isinstance(x.items[0], Atom)
            and x.items[0].t == -J)


def pointer_id(x):
    return int(x.items[0].v)


class Handles:
    """The session's table of live objects: id -> Box."""

    def __init__(self):
        self.boxes = {}
        self.next_id = FIRST_ID

    def new(self, obj):
        """A new handle to a new object: the pointer value."""
        return self._handle(Box(obj))

    def _handle(self, box):
        i = self.next_id
        self.next_id += STEP
        self.boxes[i] = box
        return List([Atom(-J, np.int64(i))])

    def box(self, x):
        """The Box of pointer x; None when x has not a pointer's shape; 'stale pointer
        when it has the shape but names no live object."""
        if not is_pointer(x):
            return None
        b = self.boxes.get(pointer_id(x))
        if b is None:
            raise QError("stale pointer")
        return b

    def get(self, x, *kinds):
        """The object of pointer x (of one of `kinds` when given), or None if x is not a
        pointer. A live pointer of another kind is left to the caller (returns the obj)."""
        b = self.box(x)
        return None if b is None else b.obj

    def mapped(self, x):
        return is_pointer(x) and pointer_id(x) in self.boxes

    def addref(self, x):
        b = self.box(x)
        b.refs += 1
        return self._handle(b)

    def free(self, x):
        """Drop one handle; its object goes when no handle is left. Returns the object."""
        b = self.box(x)
        del self.boxes[pointer_id(x)]
        b.refs -= 1
        return b.obj

    def take(self, x):
        """Ownership passes to the caller (model(q;l;o), vector(a;b), ...): the handle
        becomes stale. Returns the object."""
        return self.free(x)

    def replace(self, x, obj):
        """use[a]b: every handle sharing a's Box now refers to obj."""
        self.box(x).obj = obj

    def free_all(self):
        self.boxes.clear()

    def live(self):
        """(id, Box) pairs in allocation order (obj[] lists them)."""
        return sorted(self.boxes.items())
