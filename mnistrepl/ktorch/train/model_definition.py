"""`model m`: the definition dictionary `module`loss`optimizer`train`test (ktorch-api.md
7.1). Each part's definition comes from its own api function (`module q`, `loss l`,
`opt o`, run on a temporary handle), so the table formats live in one place; a minimal
`module`options dictionary stands in where that function rejects the part.
"""

from mnistrepl.q.errors import QError
from mnistrepl.q.values import S, Atom, Dict, List, boolean, symvec
from . import train_options as TO
from ..nn.losses import loss
from ..nn.modules import module
from ..tensors.convert import py_to_q
from .optim import opt


def definition(k, m, alloptions=True):
    """`model m`: dictionary `module`loss`optimizer`train`test."""
    vals = [_part_def(k, module, m.module, alloptions),
            _part_def(k, loss, m.loss, alloptions),
            _part_def(k, opt, m.opt, alloptions),
            TO.get_all(m.train_opts, True, alloptions),
            TO.get_all(m.test_opts, False, alloptions)]
    return Dict(symvec(["module", "loss", "optimizer", "train", "test"]), List(vals))


def _part_def(k, api_fn, obj, alloptions):
    """Definition of a part through its own api function (`module q`, `loss l`, `opt o`),
    called on a temporary handle; a minimal form when that function rejects it."""
    p = k.new(obj)
    try:
        return api_fn(k, p if alloptions else List([p, boolean(False)]))
    except QError:
        return _minimal_def(obj)
    finally:
        k.handles.free(p)


def _minimal_def(obj):
    mod = getattr(obj, "module", None)
    name = getattr(obj, "kname", None) or getattr(mod, "kname", None) or type(mod).__name__
    opts = getattr(obj, "kopts", None) or getattr(mod, "kopts", None) or {}
    return Dict(symvec(["module", "options"]),
                List([Atom(-S, str(name)), _py_dict(opts)]))


def _py_dict(d):
    return Dict(symvec(list(d)), List([py_to_q(v) for v in d.values()]))
