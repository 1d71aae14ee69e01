"""Seconds per epoch of the six classifiers (and the two GANs, bench/gans.py) through
mnistrepl (q code at the `q)` level, as the command files run it: `run m` then `testrun m`
for the test accuracy) and through a plain PyTorch loop written by hand with torch.nn (a
training pass of randperm'd index_select batches under model.train(), the mean loss kept
as a tensor until the end, then an evaluation pass under model.eval() and torch.no_grad()
in the same batches as the command file's test), in the same process, on the same data
tensors, device, batch sizes, optimizer and starting weights.

    python bench/models.py [--models logit,linear,conv,swa,simple,lstm,gan,cgan] [--epochs 3]
                           [--train 60000] [--test 10000] [--device cpu|cuda]
                           [--amp] [--[no-]channels-last]

Epochs alternate between the two, the first of each a warm-up. Prints one line per model:
the median (and best) seconds per epoch of each and the ratio of the medians mnistrepl /
plain (goals, issue 14: conv, swa and simple <= 0.85, the others <= 1), then the test
accuracy each reached after those epochs from the same weights. `--test 0` times the
training pass alone. Not part of the test suite.
"""
import argparse

import numpy as np
import torch
from torch import nn

import gans                     # bench/gans.py: the gan and cgan entries
from compare import compare, session
from mnistrepl.ktorch.core.kinds import TensorObj
from mnistrepl.ktorch.train.lamb import Lamb
from mnistrepl.mnist.load import load

# conv.q's network and optimizer at its first epoch's learning rate (.01)
CONV = """q:(`sequential; (`conv2d; 1;20;5); `relu; `drop; (`maxpool2d;2))
q,:((`conv2d;20;50;5); `relu; `drop; (`maxpool2d;2); `flatten)
q,:((`linear;800;500); `relu; `drop; (`linear;500;10))
q:module seq q
m:model(q; loss(`ce;`smoothing,.01); opt(`lamb;q;`lr`decay!.01 .1))"""

# simple.q's network and optimizer at its first epoch's learning rate (.01)
SIMPLE = """s:(1 66 3 0;66 64 3 0;64 64 3 0;64 64 3 0;64 96 3 2;96 96 3 0;96 96 3 0;96 96 3 0;96 96 3 0;96 144 3 2;144 144 1 0;144 178 1 0;178 216 3 7)
f:{[i;o;s;p] c:(`conv2d;i;o;s;1;`same); b:(`batchnorm2d;o;1e-05;.05); d:(`drop;.2); m:(`maxpool2d;p); $[p=0;(c;b;`relu;d);p=2;(c;b;`relu;m;d);(c;b;`relu;m;(`reshape;-1,o);d;(`linear;o;10))]}
q:module `sequential,enlist each raze f ./:s
m:model(q; loss(`ce;`smoothing,.01); opt(`adamw;q;`lr`beta1`beta2`decay!.01 .5 .95 .1))"""

LSTM = """q:module`recur
module(q; 1; (`lstm; `lstm; 28; 128; 2; 1b; 1b))
module(q; 1; `sequential)
module(q; 2; (`select; `last; 1; -1))
module(q; 2; (`linear; `decode; 128; 10))
m:model(q; loss`ce; opt(`adamw;q))"""

# name: (q definition, input shape, batch size)
Q = {
    "logit": ("q:module enlist(`linear;784;10)\nm:model(q; loss`ce; opt(`sgd;q;.04))", (-1, 784), 100),
    "linear": ("q:module seq(`sequential; (`linear;784;800); `relu; (`linear;800;10))\n"
               "m:model(q; loss`ce; opt(`sgd;q;.05;.9;`nesterov,1b))", (-1, 784), 100),
    "conv": (CONV, (-1, 1, 28, 28), 1000),
    "swa": (CONV + "\na:dict()\nuse[a]copyparms m", (-1, 1, 28, 28), 1000),
    "simple": (SIMPLE, (-1, 1, 28, 28), 100),
    "lstm": (LSTM, (-1, 28, 28), 60),
}


class Last(nn.Module):
    def forward(self, x):
        return x[:, -1]


class LSTMNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(28, 128, 2, batch_first=True)
        self.decode = nn.Linear(128, 10)

    def forward(self, x):
        return self.decode(self.lstm(x)[0][:, -1])


def conv_net():
    return nn.Sequential(nn.Conv2d(1, 20, 5), nn.ReLU(), nn.Dropout(), nn.MaxPool2d(2),
                         nn.Conv2d(20, 50, 5), nn.ReLU(), nn.Dropout(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(800, 500), nn.ReLU(), nn.Dropout(),
                         nn.Linear(500, 10))


def simple_net():
    rows = [(1, 66, 3, 0), (66, 64, 3, 0), (64, 64, 3, 0), (64, 64, 3, 0), (64, 96, 3, 2),
            (96, 96, 3, 0), (96, 96, 3, 0), (96, 96, 3, 0), (96, 96, 3, 0), (96, 144, 3, 2),
            (144, 144, 1, 0), (144, 178, 1, 0), (178, 216, 3, 7)]
    layers = []
    for i, o, s, p in rows:
        layers += [nn.Conv2d(i, o, s, padding="same"), nn.BatchNorm2d(o, momentum=.05), nn.ReLU()]
        if p:
            layers.append(nn.MaxPool2d(p))
        if p == 7:
            layers.append(nn.Flatten())
        layers.append(nn.Dropout(.2))
        if p == 7:
            layers.append(nn.Linear(o, 10))
    return nn.Sequential(*layers)


def plain(name):
    """(module, optimizer factory, loss) written directly with torch."""
    ce, ces = nn.CrossEntropyLoss(), nn.CrossEntropyLoss(label_smoothing=.01)
    adamw = lambda p: torch.optim.AdamW(p, lr=.01, betas=(.5, .95), weight_decay=.1)  # noqa: E731
    return {
        "logit": (lambda: nn.Linear(784, 10), lambda p: torch.optim.SGD(p, lr=.04), ce),
        "linear": (lambda: nn.Sequential(nn.Linear(784, 800), nn.ReLU(), nn.Linear(800, 10)),
                   lambda p: torch.optim.SGD(p, lr=.05, momentum=.9, nesterov=True), ce),
        "conv": (conv_net, lambda p: Lamb(p, lr=.01, weight_decay=.1), ces),
        "swa": (conv_net, lambda p: Lamb(p, lr=.01, weight_decay=.1), ces),
        "simple": (simple_net, adamw, ces),
        "lstm": (LSTMNet, lambda p: torch.optim.AdamW(p), ce),
    }[name]


TEST_BATCH = 1000          # the command files' test(m; `batchsize ...; 1000, ...)


def plain_train(q, opt, lossf, x, y, w, swa=None):
    """One training pass; the mean loss, as `run m` returns it."""
    q.train()
    perm = torch.randperm(len(x), device=x.device)
    losses = []
    for i in range(0, len(x), w):
        idx = perm[i:i + w]
        opt.zero_grad(set_to_none=True)
        loss = lossf(q(x.index_select(0, idx)), y.index_select(0, idx))
        loss.backward()
        opt.step()
        losses.append(loss.detach())
    if swa is not None:          # the running average swa.q folds in after each epoch
        n = swa["n"]
        with torch.no_grad():
            for a, p in zip(swa["p"], q.parameters()):
                a += (p - a) / (1 + n)
        swa["n"] += 1
    return float(torch.stack(losses).mean())


def plain_test(q, x, y):
    """Test accuracy in percent, as `testrun m` returns it."""
    q.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(x), TEST_BATCH):
            correct += (q(x[i:i + TEST_BATCH]).argmax(1) == y[i:i + TEST_BATCH]).sum()
    return 100 * float(correct) / len(x)


def same_start(theirs, ours):
    """Copy our module's parameters and buffers into theirs (the same layers in order)."""
    with torch.no_grad():
        for get in (lambda m: m.parameters(), lambda m: m.buffers()):
            for t, o in zip(get(theirs), get(ours), strict=True):
                t.copy_(o)


def q_model(name, args, data):
    """(session, run, epoch line, module): the model defined in a session, its data given."""
    qdef, shape, w = Q[name]
    s, run = session(args.device)
    s.options.update(amp=args.amp, channelslast=args.channelslast)
    for line in qdef.split("\n"):
        if line.startswith("m:model"):          # parameters on the device before opt
            run(f"to(q;`{args.device})")
        run(line)
    k, g = s.api, s.interp.globals
    for n, t in zip(("X", "Y", "XT", "YT"), data):
        g[n] = k.new(TensorObj(t))
    run(f"train(m;`batchsize`shuffle;{w},1b); train(m;X;Y)")
    epoch = "r:run m" + (";avgparms(m;a)" if name == "swa" else "")
    if args.test:
        run(f"test(m;`batchsize`metrics;{TEST_BATCH},`accuracy); test(m;XT;YT)")
        epoch += ";t:testrun m"
    return s, run, epoch, k.get(g["m"]).module.module


def bench(name, x, y, args, dev):
    shape, w = Q[name][1:]
    xs, xt = x.reshape(shape), args.xt.reshape(shape)
    s, run, epoch_q, ours = q_model(name, args, (xs, y, xt, args.yt))
    build, make_opt, lossf = plain(name)
    q = build().to(dev)
    same_start(q, ours)
    opt = make_opt(q.parameters())
    swa = {"n": 1, "p": [p.detach().clone() for p in q.parameters()]} if name == "swa" else None

    def theirs():
        plain_train(q, opt, lossf, xs, y, w, swa)
        if args.test:
            plain_test(q, xt, args.yt)

    compare(name, lambda: run(epoch_q), theirs, args.epochs, dev)
    if args.test:      # both trained epochs+1 epochs from the same weights
        run("t:testrun m")
        print(f"{'':7s} test accuracy after {args.epochs + 1} epochs: mnistrepl "
              f"{float(s.interp.globals['t'].v):.2f}%   plain torch {plain_test(q, xt, args.yt):.2f}%",
              flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--models", default="logit,linear,conv,swa,simple,lstm")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--train", type=int, default=60000)
    ap.add_argument("--test", type=int, default=10000)
    ap.add_argument("--amp", action="store_true", help="mnistrepl's --amp (plain: float32)")
    ap.add_argument("--channels-last", dest="channelslast",
                    action=argparse.BooleanOptionalAction, help="mnistrepl's --channels-last")
    ap.add_argument("--data", default="data")
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    args = ap.parse_args()
    dev = torch.device(args.device)
    d = load(args.data)
    n = args.train
    x = torch.from_numpy((d["x"][:784 * n].astype(np.float32) / 127.5 - 1)).to(dev)
    y = torch.from_numpy(d["y"][:n].astype(np.int64)).to(dev)
    t = args.test
    args.xt = torch.from_numpy((d["X"][:784 * t].astype(np.float32) / 127.5 - 1)).to(dev)
    args.yt = torch.from_numpy(d["Y"][:t].astype(np.int64)).to(dev)
    print(f"device {dev}, torch {torch.__version__}, threads {torch.get_num_threads()}, "
          f"{n} training and {t} test images, median of {args.epochs} epoch(s) after a "
          f"warm-up epoch, alternating", flush=True)
    for name in args.models.split(","):
        (gans.bench if name in gans.NAMES else bench)(name, x, y, args, dev)


if __name__ == "__main__":
    main()
