"""What a `run` or `testrun` pass does beyond the plain loop to go faster, chosen once per
pass from the model's device and the session's options (k.options, set by the command
line):

- freed memory kept in the heap for the next batch (heap.py), always;
- 4-d conv weights channels-last (layout.py): by default on the CPU for conv nets;
  `channelslast` True/False (--channels-last/--no-channels-last) decides instead;
- mixed precision, `amp` (--amp), off by default: forward and loss under torch.autocast,
  float16 with a gradient scaler on a GPU, bfloat16 on the CPU (no scaler needed). The
  scaler is the model's, kept across passes; the loss recorded is the unscaled one.
  lbfgs's closure steps stay in full precision.

    with fast_pass(k, m, train=True) as p:
        with p.cast():
            out = module(x); loss = lossfn(out, y)
        p.backward(loss); p.unscale(opt) before clipping; p.step(opt)

On a GPU the data already lives there (train(m;x;y) puts it on the model's device) and
`` setting`benchmark,1b `` turns on cuDNN's autotuning (devices.py); CUDA graphs are not
used (no GPU to test them on when this was written).
"""
import contextlib

from ..core.lazy import torch
from ..tensors.inputs import first_param_device
from .heap import kept_memory
from .layout import channels_last, wanted

NO_CAST = contextlib.nullcontext()


def amp_dtype(device, setting):
    """The autocast dtype for `amp` on this device, or None for full precision."""
    if not setting or device.type not in ("cuda", "cpu"):
        return None
    return torch.float16 if device.type == "cuda" else torch.bfloat16


class Precision:
    """Full precision (dtype None) or autocast to dtype, with a scaler for float16."""

    def __init__(self, device, dtype=None, scaler=None):
        self.device, self.dtype, self.scaler = device, dtype, scaler

    def cast(self):
        if self.dtype is None:
            return NO_CAST
        return torch.autocast(self.device.type, dtype=self.dtype)

    def backward(self, loss):
        (loss if self.scaler is None else self.scaler.scale(loss)).backward()

    def unscale(self, opt):
        """Gradients back to their true size before clipping looks at them."""
        if self.scaler is not None:
            self.scaler.unscale_(opt)

    def step(self, opt):
        if self.scaler is None:
            opt.step()
        else:
            self.scaler.step(opt)
            self.scaler.update()


def precision(k, m, device, train):
    """The pass's Precision; a float16 training pass uses (and makes) the model's scaler."""
    dtype = amp_dtype(device, k.options.get("amp"))
    scaler = None
    if train and dtype == torch.float16:
        if getattr(m, "scaler", None) is None:
            m.scaler = torch.amp.GradScaler(device.type)
        scaler = m.scaler
    return Precision(device, dtype, scaler)


@contextlib.contextmanager
def fast_pass(k, m, train):
    """The pass's speed-ups (its Precision as the value), undone when it ends (also on an
    error or Ctrl-C)."""
    module = m.module.module
    device = first_param_device(module)
    opt = m.opt.opt if train else None
    layout = wanted(module, device, k.options.get("channelslast"), m.opt.opt if train else None)
    with kept_memory(), channels_last(module, opt, layout):
        yield precision(k, m, device, train)
