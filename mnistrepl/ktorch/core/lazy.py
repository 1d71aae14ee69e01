"""torch, loaded on first use: the session starts without it (about a second saved) and
the first api call brings it in.

    from ..core.lazy import torch, nn, F        # stand-ins for torch, torch.nn, ...functional
    torch.zeros(3)                              # the first attribute imports torch

A module whose classes subclass torch's (nn.Module, Optimizer) defines them in a function
and serves them through `classes_on_demand` (PEP 562 module __getattr__): `knn.Sequential`
builds them on first access, and they are then plain globals of that module.
"""
import functools
import importlib
import signal
import sys
import threading


def import_whole(name):
    """Import module `name` with Ctrl-C held off until the import has finished: torch
    interrupted half-way stays broken for the rest of the process (and may crash it at
    exit). A press meanwhile is only noted (a Python handler, since any thread may receive
    the signal) and raised again, for the usual handler, once the import is done."""
    if name in sys.modules or threading.current_thread() is not threading.main_thread():
        return importlib.import_module(name)   # only the main thread runs signal handlers
    pressed = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: pressed.append(signum))
    try:
        return importlib.import_module(name)
    finally:
        signal.signal(signal.SIGINT, previous)
        if pressed:
            signal.raise_signal(signal.SIGINT)


class LazyModule:
    """Stands for module `name`, importing it (whole, see import_whole) on first
    attribute access."""

    def __init__(self, name):
        self._name = name
        self._module = None

    def __getattr__(self, attr):
        if self._module is None:
            self._module = import_whole(self._name)
        return getattr(self._module, attr)


torch = LazyModule("torch")
nn = LazyModule("torch.nn")
F = LazyModule("torch.nn.functional")


def classes_on_demand(module_name, build):
    """A module __getattr__ serving the classes `build()` returns ({name: class}), built
    once on first access and then published as the module's globals (so that pickle and
    the module's own functions find them by name)."""
    @functools.cache
    def made():
        classes = build()
        for name, cls in classes.items():
            cls.__module__, cls.__qualname__ = module_name, name
        vars(sys.modules[module_name]).update(classes)
        return classes

    def __getattr__(name):
        if name.startswith("__") or name not in made():
            raise AttributeError(f"module {module_name!r} has no attribute {name!r}")
        return made()[name]
    __getattr__.made = made
    return __getattr__
