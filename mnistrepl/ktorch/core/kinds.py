"""The objects api handles refer to (ktorch-api.md 0.2). Thin holders: the functions that
work on them live in their own modules (tensors/, nn/modules.py, nn/losses.py,
train/optim.py, train/model.py). Every class has `kind`, the symbol `class p` returns.

Contracts the modules rely on:
- TensorObj.t is the full tensor, `.view` the current batch view (3.5; equal to t when not
  batching). Vector/Dict hold lists/dicts of full tensors and their views likewise.
- ModuleObj.module is the root torch.nn.Module. Every module built by the api carries
  `kname` (ktorch type symbol, e.g. "linear") and `kopts` (option dict, in ktorch's order);
  forward takes tensors positionally and returns a tensor or a tuple (a "vector").
- LossObj.module is a torch loss module with `kname`/`kopts` too.
- OptObj.opt is a torch.optim.Optimizer; `kname`, `kopts` (construction defaults) and
  `module` (the ModuleObj its parameters came from, or None).
- ModelObj (train/model.py) holds `module` (ModuleObj), `loss` (LossObj), `opt` (OptObj).
"""


class Obj:
    kind = None


class TensorObj(Obj):
    kind = "tensor"

    def __init__(self, t):
        self.t = t            # the full tensor
        self.view = t         # the current batch (3.5)
        self.batching = None  # batch state, owned by tensors/batching.py

    def set(self, t):
        """Replace the tensor (use[a]b, in-place ops that make a new tensor)."""
        self.t = self.view = t
        self.batching = None


class VectorObj(Obj):
    kind = "vector"

    def __init__(self, tensors):
        self.ts = list(tensors)
        self.views = list(self.ts)
        self.batching = None


class DictObj(Obj):
    kind = "dictionary"

    def __init__(self, tensors):
        self.ts = dict(tensors)
        self.views = dict(self.ts)
        self.batching = None


class ModuleObj(Obj):
    kind = "module"

    def __init__(self, module):
        self.module = module


class LossObj(Obj):
    kind = "loss"

    def __init__(self, module):
        self.module = module


class OptObj(Obj):
    kind = "optimizer"

    def __init__(self, opt, kname, kopts, module=None):
        self.opt = opt
        self.kname = kname
        self.kopts = kopts
        self.module = module
