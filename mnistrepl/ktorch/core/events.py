"""Events the api emits while it works, for displays to follow (product.md §6): a display
subscribes a callable and receives (kind, data) — no parsing of printed text.

Kinds and their data:
  batch   {"model", "phase": "train"|"test", "batch", "batches", "rows", "loss"}
  epoch   {"model", "phase", "batches", "rows", "seconds", "metrics": {name: value}}
          + "predict", "target" (lists of ints) after a test pass with the `predict` metric
  lr      {"optimizer", "lr": [float per group]}
  image   {"path", "shape": (C, H, W)}
  digit   {"label", "image": 28x28 numpy array}
"""


class Events:
    """A list of subscribers; emit() calls each in order."""

    def __init__(self):
        self.subscribers = []

    def subscribe(self, fn):
        self.subscribers.append(fn)
        return fn

    def unsubscribe(self, fn):
        if fn in self.subscribers:
            self.subscribers.remove(fn)

    def emit(self, kind, **data):
        for fn in list(self.subscribers):
            fn(kind, data)

    @property
    def active(self):
        """True when someone listens: callers skip building costly data otherwise."""
        return bool(self.subscribers)
