"""Where a model's data lives between batches (`train(m;x;y)`, `test(m;x;y)`).

By default on the model's device: on a GPU the whole data set is copied there once and a
batch is an index_select on the device, with no host copy per batch (device-resident).
With the session's `pin` option (--pin) and a GPU model, data given as k arrays stays in
page-locked host memory instead and each batch is copied to the GPU as it is taken
(non-blocking: the copy runs beside the previous batch's kernels), for data sets larger
than the GPU's memory. On the CPU both are the same. Data given as tensor pointers stays
where the tensors are (with --pin, batches of CPU tensors are copied to the GPU too).

    home, to = placement(k, m.device())     # where to keep the data, where batches go
    side = pinned(Side.of(k, x, home), to)
"""
from ..core.lazy import torch


def placement(k, device):
    """(device the data is kept on, device batches are copied to or None)."""
    if k.options.get("pin") and device.type == "cuda":
        return torch.device("cpu"), device
    return device, None


def pinned(side, to):
    """The side's host tensors page-locked when batches will be copied to a GPU."""
    if to is not None and to.type == "cuda":
        side.ts = [t.pin_memory() if t.device.type == "cpu" and not t.is_pinned() else t
                   for t in side.ts]
    return side


def moved(ts, to):
    """Batch tensors on device `to` (as they are when `to` is None or already theirs)."""
    if to is None:
        return ts
    return [t if t.device == to else t.to(to, non_blocking=True) for t in ts]
