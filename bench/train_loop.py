"""Training speed of mnistrepl's `run m` against a plain PyTorch loop, same process.

    python bench/train_loop.py [--data data] [--device cpu|cuda] [--epochs 3]

The seed's linear.q model (784-800-10 with relu, cross entropy, sgd lr .04), batch 100,
shuffled every epoch, on the real MNIST training images scaled like the seed
(x/127.5-1 as float32, 60000x784). Both loops start from the same weights, keep the data
as tensors on the device and shuffle with torch.randperm. Epochs alternate between the
two; the best time of each is reported with the ratio (goal: run/plain <= 1.05).
Not part of the test suite.
"""
import argparse
import copy
import time

import numpy as np
import torch

from mnistrepl.ktorch.train import model as M
from mnistrepl.ktorch.core.kinds import LossObj, ModuleObj, OptObj, TensorObj
from mnistrepl.ktorch.core.state import Api
from mnistrepl.mnist.load import load
from mnistrepl.q.host import BufferHost
from mnistrepl.q.values import Atom, List, Vec, B, J, S

LR, BATCH = 0.04, 100


def net():
    q = torch.nn.Sequential(torch.nn.Linear(784, 800), torch.nn.ReLU(),
                            torch.nn.Linear(800, 10))
    q.kname, q.kopts = "sequential", {}
    return q


def sync(dev):
    if dev.type == "cuda":
        torch.cuda.synchronize(dev)


def plain_epoch(q, opt, lossf, x, y):
    """The reference loop: what one would write by hand in PyTorch."""
    q.train()
    perm = torch.randperm(len(x)).to(x.device)
    losses = []
    for i in range(0, len(x), BATCH):
        idx = perm[i:i + BATCH]
        xb, yb = x.index_select(0, idx), y.index_select(0, idx)
        opt.zero_grad(set_to_none=True)
        loss = lossf(q(xb), yb)
        loss.backward()
        opt.step()
        losses.append(loss.detach())
    return (torch.stack(losses).sum() / len(losses)).item()


def api_model(k, q, x, y):
    """model(q;l;o) with train(m;`batchsize`shuffle;100,1b) and train(m;x;y)."""
    lossm = torch.nn.CrossEntropyLoss()
    lossm.kname, lossm.kopts = "ce", {}
    opt = torch.optim.SGD(q.parameters(), lr=LR)
    m = M.model(k, List([k.new(ModuleObj(q)), k.new(LossObj(lossm)),
                         k.new(OptObj(opt, "sgd", {"lr": LR}, None))]))
    names = np.empty(2, dtype=object)
    names[:] = ["batchsize", "shuffle"]
    M.train(k, List([m, Vec(S, names), List([Atom(-J, np.int64(BATCH)),
                                              Atom(-B, np.bool_(True))])]))
    n = M.train(k, List([m, k.new(TensorObj(x)), k.new(TensorObj(y))]))
    assert int(n.v) == 600, n
    return m


def timed(fn, dev):
    sync(dev)
    t0 = time.perf_counter()
    r = fn()
    sync(dev)
    return time.perf_counter() - t0, r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="data")
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--epochs", type=int, default=3)
    a = ap.parse_args()
    dev = torch.device(a.device)
    d = load(a.data)
    x = torch.from_numpy((d["x"].astype(np.float32) / 127.5 - 1).reshape(-1, 784)).to(dev)
    y = torch.from_numpy(d["y"].astype(np.int64)).to(dev)

    torch.manual_seed(42)
    q1 = net().to(dev)
    q2 = copy.deepcopy(q1)
    from mnistrepl.session import Session
    k = Api(Session(BufferHost()).interp, {})
    m = api_model(k, q1, x, y)
    opt2 = torch.optim.SGD(q2.parameters(), lr=LR)
    lossf = torch.nn.CrossEntropyLoss()

    ours, plain = [], []
    for e in range(a.epochs + 1):            # epoch 0 warms up both
        t1, l1 = timed(lambda: M.run(k, m), dev)
        t2, l2 = timed(lambda: plain_epoch(q2, opt2, lossf, x, y), dev)
        print(f"epoch {e}: run m {t1:.3f}s loss {float(l1.v):.6f} | "
              f"plain {t2:.3f}s loss {l2:.6f}")
        if e:
            ours.append(t1)
            plain.append(t2)
    b1, b2 = min(ours), min(plain)
    print(f"device {dev}  threads {torch.get_num_threads()}")
    print(f"seconds per epoch: run m {b1:.3f}  plain torch {b2:.3f}  ratio {b1 / b2:.3f}")


if __name__ == "__main__":
    main()
