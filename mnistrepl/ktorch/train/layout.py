"""Convolution weights in channels-last memory order during a `run` or `testrun` pass.

oneDNN's convolutions and torch's CPU max pooling run faster on NHWC activations than on
NCHW ones (oneDNN reorders NCHW to its blocked layout and back at every call). With its
weight channels-last a conv returns NHWC, and the layers after it keep that order up to
the flatten, so converting the 4-d weights (a few kilobytes) once per pass is enough: the
data, whatever its layout, is reordered by the first conv. The weights, their gradients
and the optimizer's state for them are re-laid in their own storage and go back to the
usual contiguous order when the pass ends, so what the api shows of a parameter
(`contiguous`, `options`, `View`, `parm`, views made earlier) is what ktorch shows.
Values are those of the contiguous computation up to floating-point rounding; dropout
draws its mask in memory order, so a seeded run drops other (as many) activations.

    with channels_last(module, opt, wanted(module)):
        ...                     # the batches
"""
import contextlib

from ..core.lazy import torch


def conv_weights(module):
    """The 4-d parameters: weights of 2-d convolutions and transposed convolutions."""
    return [p for p in module.parameters() if p.dim() == 4]


def wanted(module, device, setting=None, opt=None):
    """Channels-last for this pass? Never under L-BFGS, whose step views every parameter
    and gradient flat (`.view(-1)` fails on channels-last strides). Otherwise `setting`
    (True/False) decides when given; by default on the CPU for a conv net. Measured in one
    process against contiguous weights: a conv.q epoch 0.8-0.9x, a SimpNet epoch (batch
    norm after each conv) 0.9x."""
    if isinstance(opt, torch.optim.LBFGS):
        return False
    if setting is not None:
        return bool(setting)
    return device.type == "cpu" and bool(conv_weights(module))


def _state_of(opt, p):
    """The optimizer's tensors of parameter p shaped like it (moments, momentum)."""
    if opt is None:
        return []
    return [v for v in opt.state.get(p, {}).values()
            if isinstance(v, torch.Tensor) and v.shape == p.shape]


def relayout(t, fmt):
    """t's values laid out in memory format fmt within t's own storage: the same tensor
    object with fmt's strides, so that views made of it elsewhere (`detach`, `View`) still
    share it. The strides are fmt's own even where another order reads the same memory
    (a one-channel weight is contiguous either way; oneDNN goes by the strides). Tensors
    that are not one dense block of their storage are left as they are."""
    laid = torch.empty_like(t, memory_format=fmt)
    if t.stride() == laid.stride():
        return
    if not t.is_contiguous() and not t.is_contiguous(memory_format=torch.channels_last):
        return
    if t.storage_offset() or t.untyped_storage().nbytes() != t.nbytes:
        return
    laid.copy_(t)
    t.as_strided_(t.shape, laid.stride())
    t.copy_(laid)


def _convert(ps, opt, fmt):
    with torch.no_grad():
        for p in ps:
            for t in [p, p.grad] + _state_of(opt, p):
                if t is not None:
                    relayout(t, fmt)


@contextlib.contextmanager
def channels_last(module, opt=None, enabled=True):
    """4-d weights (and their gradients and optimizer state) channels-last for the duration."""
    ps = conv_weights(module) if enabled else []
    if not ps:
        yield
        return
    _convert(ps, opt, torch.channels_last)
    try:
        yield
    finally:
        _convert(ps, opt, torch.contiguous_format)
