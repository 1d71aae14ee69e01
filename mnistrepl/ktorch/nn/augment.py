"""Input transforms of ktorch's knn, used inside a `transform` module: `zscore` (subtract
mean(s), divide by standard deviation(s)) and `randomcrop` (pad, then crop at a random
offset per image).

    Zscore(mean, std)          # 1-d mean/std are per channel: viewed as (-1,1,1)
    RandomCrop((28, 28), (3, 3, 3, 3))

The classes are made on first use (core/lazy.py).
"""
from ..core.lazy import F, classes_on_demand, nn, torch


def _channels(t):
    return t.view(-1, 1, 1) if t.dim() == 1 else t


def _build():
    class Zscore(nn.Module):
        """`zscore`: (x - mean) / std, mean and std kept as buffers (they move with `to`)."""

        def __init__(self, mean, std, inplace=False):
            super().__init__()
            self.inplace = inplace
            self.register_buffer("mean", mean)
            self.register_buffer("stddev", std)

        def forward(self, x):
            m, d = _channels(self.mean), _channels(self.stddev)
            if self.inplace and x.is_floating_point():
                return x.sub_(m).div_(d)
            return x.sub(m).div(d)


    class RandomCrop(nn.Module):
        """`randomcrop`: pad (left,right,top,bottom) then crop size (h,w) at random offsets,
        one offset per image of a 4-d batch."""

        def __init__(self, size, pad, padmode="constant", value=0.0):
            super().__init__()
            self.size, self.pad, self.padmode, self.value = size, pad, padmode, value

        def forward(self, t):
            d = t.dim()
            if not 1 < d < 5:
                raise RuntimeError(f"randomcrop: not implemented for {d}-dim tensor")
            h, w = self.size
            p = t if not any(self.pad) else F.pad(t, self.pad, self.padmode,
                                                  self.value if self.padmode == "constant" else None)
            r, c = p.size(-2), p.size(-1)
            if (r, c) == (h, w):
                return p
            if r < h or c < w:
                raise RuntimeError(f"crop: size {h}x{w}, exceeds tensor dim(s) {r}x{c}")
            n = t.size(0) if d == 4 else 1
            ys = torch.randint(r - h + 1, (n,)).tolist()
            xs = torch.randint(c - w + 1, (n,)).tolist()
            if d < 4:
                return p[..., ys[0]:ys[0] + h, xs[0]:xs[0] + w]
            return torch.stack([p[i, :, y:y + h, x:x + w] for i, (y, x) in enumerate(zip(ys, xs))])

    return {"Zscore": Zscore, "RandomCrop": RandomCrop}


__getattr__ = classes_on_demand(__name__, _build)
