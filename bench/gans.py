"""The gan and cgan entries of bench/models.py: seconds per epoch of the GAN command files'
training (the seed's three steps per batch of 60: the discriminator on real images with
smoothed targets, on detached generated images, then the generator through the
discriminator) through mnistrepl (q's `fit[..]'[til b]`, the functions of commands/gan.q and
cgan.q) and through the same steps written directly with torch.nn, in the same process."""
import torch
from torch import nn

from compare import compare, session
from mnistrepl.ktorch.core.kinds import TensorObj, VectorObj

NAMES = ("gan", "cgan")
W = 60

GAN = """n:100 256 128 64
gan:{to(x:module seq `sequential,x;y); model(x; loss`bce; opt(`adam;x;.0002;.5))}
a:`pad`bias!(1;0b)
g:((`convtranspose2d;n 0;n 1;4;1_a); (`batchnorm2d;n 1); `relu; (`convtranspose2d;n 1;n 2;3;2;a); (`batchnorm2d;n 2); `relu; (`convtranspose2d;n 2;n 3;4;2;a); (`batchnorm2d;n 3); `relu; (`convtranspose2d;n 3;1;4;2;a); `tanh)
g:gan[g]c
a:`bias,0b
d:((`conv2d;1;n 3;4;2;1;a); (`leakyrelu;0.2); (`conv2d;n 3;n 2;4;2;1;a); (`batchnorm2d;n 2); (`leakyrelu;0.2); (`conv2d;n 2;n 1;4;2;1;a); (`batchnorm2d;n 1); (`leakyrelu;0.2); (`conv2d;n 1;1;3;1;0;a); `sigmoid; (`flatten;0))
d:gan[d]c
t:tensor each(`empty`zeros`ones),\\:(w;c)
z:tensor(`empty;w,n[0],1 1;c)
fit1:{[d;x;y] nograd d; uniform(y;.8;1); backward(d;x;y)}
fit2:{[d;x;y] x:detach x; l:backward(d;x;y); free x; step d; l}
fit3:{[d;g;x;y] nograd g; l:backward(d;x;y); free x; step g; l}
fit:{[d;g;t;x;z;w;i] batch(x;w;i); l0:fit1[d;x;t 0]; normal z; x:forward(g;z); l1:fit2[d;x;t 1]; l2:fit3[d;g;x;t 2]; (l0+l1),l2}
epoch:{[] l:fit[d;g;t;x;z;w]'[til b]; restore x; shuffle x; l}"""

CGAN = """n:110 256 128 64
gan:{q:module x; to(q;y); model(q; loss`bce; opt(`adam;q;.0002;.5))}
a:`pad`bias!(1;0b)
g:((0;`sequential);(1;`seqjoin);(2;`sequential);(2;`sequential);(3;(`embed;10;10));(3;(`reshape;-1 10 1 1));(2;(`cat;1));(1;(`convtranspose2d;n 0;n 1;4;1_a));(1;(`batchnorm2d;n 1));(1;`relu);(1;(`convtranspose2d;n 1;n 2;3;2;a));(1;(`batchnorm2d;n 2));(1;`relu);(1;(`convtranspose2d;n 2;n 3;4;2;a));(1;(`batchnorm2d;n 3));(1;`relu);(1;(`convtranspose2d;n 3;1;4;2;a));(1;`tanh))
g:gan[g]c
a:`bias,0b
d:((0;`sequential);(1;`seqjoin);(2;`sequential);(2;`sequential);(3;(`embed;10;50));(3;(`linear;50;784));(3;(`reshape;-1 1 28 28));(2;(`cat;1));(1;(`conv2d;2;n 3;4;2;1;a));(1;(`leakyrelu;0.2));(1;(`conv2d;n 3;n 2;4;2;1;a));(1;(`batchnorm2d;n 2));(1;(`leakyrelu;0.2));(1;(`conv2d;n 2;n 1;4;2;1;a));(1;(`batchnorm2d;n 1));(1;(`leakyrelu;0.2));(1;(`conv2d;n 1;1;3;1;0;a));(1;`sigmoid);(1;(`flatten;0)))
d:gan[d]c
t:tensor each(`empty`zeros`ones),\\:(w;c)
z:tensor(`empty;w,100 1 1;c)
fit1:{[d;t;v] nograd d; uniform(t;0.8;1.0); backward(d;v;t)}
fit2:{[d;t;x;y] x:detach x; l:backward(d;(x;y);t); free x; step d; l}
fit3:{[d;g;t;x;y] nograd g; l:backward(d;(x;y);t); free(x;y); step g; l}
fit:{[d;g;t;v;z;w;i] batch(v;w;i); l1:fit1[d;t 0;v]; normal z; y:tensor(`randint;10;w;c,`long); x:forward(g;z;y); l2:fit2[d;t 1;x;y]; l3:fit3[d;g;t 2;x;y]; (l1+l2),l3}
epoch:{[] l:fit[d;g;t;v;z;w]'[til b]; shuffle v; l}"""


class Join(nn.Module):
    """cat(x, reshape(f(y))) along the channels: the seqjoin of the cGAN's models."""

    def __init__(self, f, shape):
        super().__init__()
        self.f, self.shape = f, shape

    def forward(self, x, y):
        return torch.cat((x, self.f(y).reshape(self.shape)), 1)


class Cond(nn.Module):
    def __init__(self, join, body):
        super().__init__()
        self.join, self.body = join, body

    def forward(self, x, y):
        return self.body(self.join(x, y))


def generator(cin):
    ct = lambda i, o, k, s, p: nn.ConvTranspose2d(i, o, k, s, p, bias=False)  # noqa: E731
    return nn.Sequential(ct(cin, 256, 4, 1, 0), nn.BatchNorm2d(256), nn.ReLU(),
                         ct(256, 128, 3, 2, 1), nn.BatchNorm2d(128), nn.ReLU(),
                         ct(128, 64, 4, 2, 1), nn.BatchNorm2d(64), nn.ReLU(),
                         ct(64, 1, 4, 2, 1), nn.Tanh())


def discriminator(cin):
    cv = lambda i, o, k, s, p: nn.Conv2d(i, o, k, s, p, bias=False)  # noqa: E731
    return nn.Sequential(cv(cin, 64, 4, 2, 1), nn.LeakyReLU(.2),
                         cv(64, 128, 4, 2, 1), nn.BatchNorm2d(128), nn.LeakyReLU(.2),
                         cv(128, 256, 4, 2, 1), nn.BatchNorm2d(256), nn.LeakyReLU(.2),
                         cv(256, 1, 3, 1, 0), nn.Sigmoid(), nn.Flatten(0))


def plain_models(name):
    if name == "gan":
        return generator(100), discriminator(1)
    g = Cond(Join(nn.Embedding(10, 10), (-1, 10, 1, 1)), generator(110))
    d = Cond(Join(nn.Sequential(nn.Embedding(10, 50), nn.Linear(50, 784)), (-1, 1, 28, 28)),
             discriminator(2))
    return g, d


def plain_epoch(name, g, d, og, od, x, y, dev):
    """One epoch of the three steps, losses read back each batch as q's backward does."""
    bce = nn.BCELoss()
    t = [torch.empty(W, device=dev), torch.zeros(W, device=dev), torch.ones(W, device=dev)]
    z = torch.empty(W, 100, 1, 1, device=dev)
    perm = torch.randperm(len(x), device=dev)
    xs, ys = x[perm], y[perm]
    cond = name == "cgan"
    out = []
    for i in range(len(x) // W):
        xb, yb = xs[i * W:(i + 1) * W], ys[i * W:(i + 1) * W]
        d.zero_grad(set_to_none=True)
        t[0].uniform_(.8, 1)
        l0 = bce(d(xb, yb) if cond else d(xb), t[0])
        l0.backward()
        z.normal_()
        fy = torch.randint(0, 10, (W,), device=dev) if cond else None
        gx = g(z, fy) if cond else g(z)
        dx = gx.detach()
        l1 = bce(d(dx, fy) if cond else d(dx), t[1])
        l1.backward()
        od.step()
        g.zero_grad(set_to_none=True)
        l2 = bce(d(gx, fy) if cond else d(gx), t[2])
        l2.backward()
        og.step()
        out.append((l0.item() + l1.item(), l2.item()))
    return out


def bench(name, x, y, args, dev):
    s, run = session(args.device)
    run(f"c:`{args.device}; w:{W}; b:{len(y) // W}")
    xs = x.reshape(-1, 1, 28, 28)
    if name == "gan":
        s.interp.globals["x"] = s.api.new(TensorObj(xs.clone()))
    else:
        s.interp.globals["v"] = s.api.new(VectorObj([xs.clone(), y.clone()]))
    for line in (GAN if name == "gan" else CGAN).split("\n"):
        run(line)
    g, d = (m.to(dev) for m in plain_models(name))
    og = torch.optim.Adam(g.parameters(), lr=.0002, betas=(.5, .999))
    od = torch.optim.Adam(d.parameters(), lr=.0002, betas=(.5, .999))
    compare(name, lambda: run("l:epoch[]"), lambda: plain_epoch(name, g, d, og, od, xs, y, dev),
            args.epochs, dev)
