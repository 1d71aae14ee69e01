"""The workspace limit (-w, q/workspace.py) for what the api allocates: the size of a new
tensor or module is worked out on torch's meta device, which allocates nothing, and
checked before torch makes the real one, as q checks a result's size before building it.

    t = new_tensor(lambda device: torch.zeros(size, device=device))   # device: meta, then None
    m = new_module(lambda: nn.Linear(784, 10))
"""
from mnistrepl.q.workspace import WORKSPACE
from .lazy import torch


def tensor_bytes(t):
    return t.numel() * t.element_size()


def module_bytes(m):
    """Bytes of a module's parameters and buffers."""
    return sum(tensor_bytes(t) for t in [*m.parameters(), *m.buffers()])


def check_bytes(nbytes):
    """'wsfull when nbytes more would take the process past the workspace limit."""
    WORKSPACE.check_growth(nbytes)


def new_tensor(make):
    """make(device) with device None makes the tensor; with `meta` it only sizes it."""
    check_bytes(tensor_bytes(make(torch.device("meta"))))
    return make(None)


def new_module(make):
    """make() builds a module; it is built first under the meta device to size it."""
    with torch.device("meta"):
        check_bytes(module_bytes(make()))
    return make()
