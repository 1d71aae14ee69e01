"""`str t` for tensors: an approximation of libtorch's `operator<<` print.

    tensor_text(torch.tensor([1, 2]))  ->  " 1\\n 2\\n[ CPULongType{2} ]"
Matrices print one row a line, higher ranks as `(i,.,.) = ` slices; values right-aligned
in a common width; floats with 4 decimals (scientific when the range is wide).
"""
import math

from ..core.lazy import torch

# libtorch's type names by torch dtype name
TYPE_NAMES = {"float32": "Float", "float64": "Double", "float16": "Half",
              "bfloat16": "BFloat16", "uint8": "Byte", "int8": "Char",
              "int16": "Short", "int32": "Int", "int64": "Long", "bool": "Bool"}


def type_label(t):
    """`[ CPUFloatType{2,3} ]`"""
    dev = "CUDA" if t.device.type == "cuda" else t.device.type.upper()
    dtype = str(t.dtype).replace("torch.", "")
    name = TYPE_NAMES.get(dtype, dtype.capitalize())
    return f"[ {dev}{name}Type{{{','.join(str(n) for n in t.shape)}}} ]"


def tensor_text(t):
    """The printed form of tensor t (None: an undefined tensor)."""
    if t is None:
        return "[ Tensor (undefined) ]"
    t = t.detach().cpu()
    if t.layout != torch.strided:
        t = t.to_dense()
    fmt = _formatter(t)
    if t.dim() == 0:
        body = [fmt(t.item()).strip()]
    elif t.dim() == 1:
        body = [fmt(v) for v in t.tolist()]
    elif t.dim() == 2:
        body = _matrix(t, fmt)
    else:
        body = _slices(t, fmt)
    return "\n".join(body + [type_label(t)])


def _matrix(t, fmt):
    return ["".join(fmt(v) for v in row) for row in t.tolist()]


def _slices(t, fmt):
    lines = []
    lead = t.shape[:-2]
    for n, idx in enumerate(_indices(lead)):
        if n:
            lines.append("")
        lines.append("(" + ",".join(str(i + 1) for i in idx) + ",.,.) = ")
        lines.extend(_matrix(t[idx], fmt))
    return lines


def _indices(shape):
    if not shape:
        yield ()
        return
    for i in range(shape[0]):
        for rest in _indices(shape[1:]):
            yield (i,) + rest


def _formatter(t):
    """A function value -> right-aligned text, common to all values of t."""
    if t.dtype == torch.bool:
        return lambda v: f" {int(v)}"
    vals = t.reshape(-1).tolist()
    if not t.is_floating_point():
        width = max((len(str(v)) for v in vals), default=1)
        return lambda v: " " + str(v).rjust(width)
    finite = [abs(v) for v in vals if math.isfinite(v)]
    if all(not math.isfinite(v) or v == int(v) for v in vals):
        text = lambda v: str(int(v)) if math.isfinite(v) else str(v)
    else:
        big = max(finite, default=0)
        small = min((v for v in finite if v), default=1)
        sci = big >= 1e5 or small < 1e-4
        text = (lambda v: f"{v:.4e}") if sci else (lambda v: f"{v:.4f}")
    width = max((len(text(v)) for v in vals), default=1)
    return lambda v: " " + text(v).rjust(width)
