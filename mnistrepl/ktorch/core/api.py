"""The api table: `@kapi("name")` binds an implementation to an api function name.

Implementations live in the modules of IMPL_MODULES (each imports torch at its top) and
have the signature `fn(k, x)`: `k` is the session's Api state (state.py), `x` the one q
argument (ktorch-api.md: every api function is unary; `f[]` passes `::`, `f()` passes the
empty list). `use` alone is binary: `fn(k, x, y)`.

bind.py registers every name of NAMES in the session with a lazy stub, so the prompt comes
up without torch; the first call imports IMPL_MODULES and looks the name up here.
"""

IMPL = {}          # name -> (fn, rank)

# The modules that implement the api, and the names each must define (tests check both).
NAMES = {
    "mnistrepl.ktorch.tensors.objects": "class free use addref ref mapped return obj size elements "
                                "numel bytes tensorcount dim",
    "mnistrepl.ktorch.tensors.devices": "device cudadevices cudadevice setting seed sync to copyto",
    "mnistrepl.ktorch.tensors.tensors": "tensor resize reshape View detach "
                                "dtype gradient gradflag defined contiguous grad",
    "mnistrepl.ktorch.tensors.batching": "batch restore shuffle",
    "mnistrepl.ktorch.tensors.vectors": "vector dict",
    "mnistrepl.ktorch.tensors.fills": "uniform normal zeros ones fill xnormal xuniform "
                                "knormal kuniform random gain",
    "mnistrepl.ktorch.nn.text": "str",
    "mnistrepl.ktorch.nn.modules": "module seq tree dv names childnames parmnames buffernames "
                                "parmtypes moduletypes parm parms buffers child children "
                                "modules training clone freeze unfreeze objtype "
                                "inputmodule outputmodule help state options",
    "mnistrepl.ktorch.nn.forward": "forward nforward eforward evaluate",
    "mnistrepl.ktorch.nn.losses": "loss ce bce mse nll l1 smoothl1 bcelogits huber kl",
    "mnistrepl.ktorch.train.optim": "opt lr step zerograd nograd",
    "mnistrepl.ktorch.train.model": "model train test data testdata input target testinput "
                              "testtarget datasize testsize testbatch testrestore "
                              "batchinit testinit unshuffle run testrun backward backstep "
                              "clip clipv",
    "mnistrepl.ktorch.train.swa": "copyparms avgparms batchnorm",
    "mnistrepl.ktorch.tensors.images": "makegrid png",
}
RANKS = {"use": 2}


def all_names():
    """Every api name, in table order."""
    return [n for names in NAMES.values() for n in names.split()]


def kapi(name, rank=None):
    """Decorator: `fn` implements api function `name`."""
    def deco(fn):
        IMPL[name] = (fn, rank or RANKS.get(name, 1))
        return fn
    return deco


def load():
    """Import every implementing module (torch with them); the IMPL table."""
    import importlib
    for mod in NAMES:
        importlib.import_module(mod)
    return IMPL
