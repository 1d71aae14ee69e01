"""Image grids and PNG files (ktorch-api.md 9), plus the GIF the GAN commands write.

    makegrid(a;10;6;2;255)        60 1 28 28 shorts -> 3 302 182 shorts
    png(`:out/x.png;g)            -> `:out/x.png (file written, `image` event emitted)
    gif(`:out/gan.gif;`:out/gan01.png`:out/gan02.png)   -> `:out/gan.gif

ktorch has no `gif`: its GAN scripts call ImageMagick's `convert`; the command files call
this instead (imageio, one frame a second, looping). It is a session name outside `fns`.
"""
import math
import os

import numpy as np

from ..core.lazy import torch
from mnistrepl.q.access import access_of
from mnistrepl.q.errors import QError
from mnistrepl.q.values import B, S, Atom, List, Vec, INTEGRAL, NULL_INT
from ..core.api import API, EXTRA
from .convert import to_q, to_tensor
from ..core.handles import is_pointer
from ..core.kinds import TensorObj
from ..core.memory import new_tensor
from .tensor_options import need

GRID_ARGS = ("makegrid: unrecognized arg(s), expecting 2-5 args, (input array/tensor; rows; "
             "cols; padding; pad value)")
PNG_ARGS = "png: unrecognized arg(s), expects (PNG file name; image array/tensor)"
GIF_ARGS = "gif: unrecognized arg(s), expects (GIF file name; PNG file names)"
FRAME_MS = 1000            # each epoch's grid shows for about a second


def _long_or_null(x):
    """int of a long atom, None for a null."""
    if not (isinstance(x, Atom) and -x.t in INTEGRAL and x.t != -B):
        raise QError(GRID_ARGS)
    v = int(x.v)
    return None if NULL_INT.get(-x.t) == v else v


def _image_input(k, x, owner):
    """(tensor, is_pointer) of a tensor pointer or k array."""
    if is_pointer(x):
        obj = need(k, owner, x)
        if not isinstance(obj, TensorObj) or obj.t is None:
            raise QError(f"{owner}: expecting tensor or k array, given {obj.kind}")
        return obj.view, True
    return to_tensor(x), False


def grid(x, rows, cols, pad=2, value=0):
    """C' x (rows*(H+pad)+pad) x (cols*(W+pad)+pad) tensor of the n images of x."""
    if x.dim() == 3:
        x = x.unsqueeze(1)
    if x.dim() != 4:
        raise QError(f"makegrid: expecting 3 or 4-dimensional input, "
                     f"{x.dim()} dimension(s) given")
    n, c, hh, ww = x.shape
    if rows is None and cols is None:
        raise QError("makegrid: both rows & columns cannot be null")
    if (rows is not None and rows < 1) or (cols is not None and cols < 1):
        raise QError("makegrid: rows and columns must be positive or null")
    rows = rows if rows is not None else math.ceil(n / cols)
    cols = cols if cols is not None else math.ceil(n / rows)
    h, w = hh + pad, ww + pad
    if c == 1:
        x = x.expand(n, 3, hh, ww)
    shape = (x.shape[1], rows * h + pad, cols * w + pad)
    out = new_tensor(lambda device: torch.full(shape, value, dtype=x.dtype,
                                                device=device or x.device))
    for i in range(min(n, rows * cols)):
        r, j = divmod(i, cols)
        out[:, r * h + pad:r * h + pad + hh, j * w + pad:j * w + pad + ww] = x[i]
    return out


@API.qfunc("makegrid", 1)
def makegrid(k, x):
    """makegrid(images;rows;cols;pad;padvalue) -> grid (k array, or tensor pointer)."""
    args = list(x.items) if isinstance(x, List) and not is_pointer(x) else []
    if not 2 <= len(args) <= 5:
        raise QError(GRID_ARGS)
    t, ptr = _image_input(k, args[0], "makegrid")
    nums = [_long_or_null(a) for a in args[1:]]
    rows, cols, pad, value = (nums + [None, None, 2, 0][len(nums):])[:4]
    with torch.no_grad():
        g = grid(t.detach(), rows, cols, 2 if pad is None else pad, 0 if value is None else value)
    return k.new(TensorObj(g)) if ptr else to_q(g)


def to_bytes(a):
    """uint8 array of numbers the way a C cast converts them (truncate, wrap)."""
    a = np.asarray(a)
    if a.dtype.kind == "f":
        a = np.nan_to_num(a, nan=0.0, posinf=0.0, neginf=0.0)
        a = np.trunc(a).astype(np.int64)
    return a.astype(np.uint8)


def write_png(path, chw):
    """Write a C x H x W array (C = 1, 3 or 4) as an 8-bit PNG; parents created."""
    from PIL import Image
    a = to_bytes(chw)
    if a.ndim == 2:
        a = a[None]
    if a.ndim != 3 or a.shape[0] not in (1, 3, 4):
        raise QError(f"png: expecting image of 1, 3 or 4 channels x height x width, "
                     f"given shape {list(a.shape)}")
    c = a.shape[0]
    img = a[0] if c == 1 else np.ascontiguousarray(a.transpose(1, 2, 0))
    parent = os.path.dirname(path)
    if parent:
        os.makedirs(parent, exist_ok=True)
    Image.fromarray(img, mode={1: "L", 3: "RGB", 4: "RGBA"}[c]).save(path, format="PNG")
    return a.shape


@API.qfunc("png", 1)
def png(k, x):
    """png(`:out/x.png;image) -> the file symbol as given."""
    args = list(x.items) if isinstance(x, List) and not is_pointer(x) else []
    if len(args) != 2 or not (isinstance(args[0], Atom) and args[0].t == -S):
        raise QError(PNG_ARGS)
    name = args[0].v
    path = name[1:] if name.startswith(":") else name
    if not path:
        raise QError(PNG_ARGS)
    access_of(k.interp).check_write(path)       # --restricted: only under --out
    t, _ = _image_input(k, args[1], "png")
    shape = write_png(path, t.detach().cpu().float().numpy() if t.dtype in
                      (torch.float16, torch.bfloat16) else t.detach().cpu().numpy())
    k.events.emit("image", path=path, shape=tuple(int(s) for s in shape))
    return args[0]


def _path(name):
    return name[1:] if name.startswith(":") else name


def _names(x):
    """File names of a symbol atom or symbol list."""
    if isinstance(x, Atom) and x.t == -S:
        return [x.v]
    if isinstance(x, Vec) and x.t == S:
        return [str(v) for v in x.a]
    if isinstance(x, List) and all(isinstance(i, Atom) and i.t == -S for i in x.items):
        return [i.v for i in x.items]
    raise QError(GIF_ARGS)


@EXTRA.qfunc("gif", 1)
def gif(k, x):
    """gif(`:out/x.gif;pngs) -> `:out/x.gif (written)."""
    args = x.items if isinstance(x, List) else []
    if isinstance(x, Vec) and x.t == S and len(x.a) == 2:      # (`:a.gif;`:one.png)
        args = [Atom(-S, str(x.a[0])), Atom(-S, str(x.a[1]))]
    if len(args) != 2 or not (isinstance(args[0], Atom) and args[0].t == -S):
        raise QError(GIF_ARGS)
    out, frames = _path(args[0].v), [_path(n) for n in _names(args[1])]
    if not out or not frames:
        raise QError(GIF_ARGS)
    try:
        write_gif(frames, out)
    except OSError as e:
        raise QError(f"gif: {getattr(e, 'filename', None) or out}. OS reports: "
                     f"{e.strerror or e}") from None
    except ValueError as e:
        raise QError(f"gif: {e}") from None
    return args[0]


def write_gif(paths, out_path, frame_ms=FRAME_MS, loop=0):
    """An animated GIF of the PNG files `paths` (in order), written to out_path; each
    frame shows frame_ms milliseconds (imageio's GIF writer takes milliseconds), loop 0
    repeats for ever."""
    import imageio.v2 as imageio
    frames = [imageio.imread(p) for p in paths]
    if not frames:
        raise ValueError("write_gif: no frames")
    parent = os.path.dirname(str(out_path))
    if parent:
        os.makedirs(parent, exist_ok=True)
    imageio.mimsave(out_path, frames, format="GIF", duration=frame_ms, loop=loop)
    return out_path
