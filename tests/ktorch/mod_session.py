"""A q session for the module tests: the api started with at least modules.py,
forward.py and the tensor/object functions."""
import importlib

from kt_session import Q as _Q

NEEDED = ["modules", "forward", "objects", "tensors", "devices"]


class Q(_Q):
    def __init__(self):
        super().__init__()
        for m in NEEDED:
            importlib.import_module("mnistrepl.ktorch." + m)
