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
import sys


class LazyModule:
    """Stands for module `name`, importing it on first attribute access."""

    def __init__(self, name):
        self._name = name

    def __getattr__(self, attr):
        return getattr(importlib.import_module(self._name), attr)


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
