"""run / testrun (ktorch-api.md 7.4): results equal a plain PyTorch loop, metric shapes,
events and Ctrl-C between batches."""
import copy

import numpy as np
import pytest
import torch

from model_helpers import (IDENTITY, M, api_state, args, bln, lng, new_model, qlongs, qmat,
                           sym, syms, synthetic, tiny_net)
from mnistrepl.q.errors import Stop
from mnistrepl.q.values import Atom, Dict, List, Vec, E, J


def setup(batch=50, shuffle=False, **kw):
    k = api_state()
    net = tiny_net()
    init = copy.deepcopy(net)
    m, _ = new_model(k, net, **kw)
    x, y = synthetic()
    M.train(k, args(m, syms("batchsize", "shuffle"), args(lng(batch), bln(shuffle))))
    assert M.train(k, args(m, qmat(x), qlongs(y))).v == -(-len(x) // batch)
    return k, m, net, init, x, y


def plain_epoch(net, x, y, batch, lr=0.1, clipnorm=None):
    """The reference: a plain torch loop, batches in data order."""
    opt = torch.optim.SGD(net.parameters(), lr=lr)
    lossf = torch.nn.CrossEntropyLoss()
    X, Y = torch.from_numpy(x), torch.from_numpy(y)
    losses = []
    for i in range(0, len(X), batch):
        opt.zero_grad(set_to_none=True)
        loss = lossf(net(X[i:i + batch]), Y[i:i + batch])
        loss.backward()
        if clipnorm is not None:
            torch.nn.utils.clip_grad_norm_(net.parameters(), clipnorm)
        opt.step()
        losses.append(loss.detach())
    return torch.stack(losses)


def test_run_equals_plain_loop_exactly():
    k, m, net, init, x, y = setup(batch=30)
    got = [M.run(k, m) for _ in range(2)]
    ref = [plain_epoch(init, x, y, 30) for _ in range(2)]
    for g, r in zip(got, ref):
        assert isinstance(g, Atom) and g.t == -E
        assert g.v == (r.sum() / len(r)).item()
    for p, q in zip(net.parameters(), init.parameters()):
        assert torch.equal(p, q)


def test_loss_decreases_and_batchloss():
    k, m, net, init, x, y = setup(batch=20)
    M.train(k, args(m, sym("metrics"), syms("loss", "batchloss")))
    l1, b1 = M.run(k, m).items
    l2, _ = M.run(k, m).items
    assert l2.v < l1.v
    assert isinstance(b1, Vec) and b1.t == E and len(b1.a) == 10
    ref = plain_epoch(init, x, y, 20)
    assert np.array_equal(b1.a, ref.numpy())


def test_clipnorm_matches_reference():
    k, m, net, init, x, y = setup(batch=50)
    M.train(k, args(m, sym("clipnorm"), Atom(-9, np.float64(0.05))))
    got = M.run(k, m)
    ref = plain_epoch(init, x, y, 50, clipnorm=0.05)
    assert got.v == (ref.sum() / len(ref)).item()


def test_shuffle_keeps_rows_paired_and_trains():
    k, m, net, init, x, y = setup(batch=50, shuffle=True)
    torch.manual_seed(3)
    M.run(k, m)
    xs, ys = M.data(k, m).items
    got_x = np.array([r.a for r in xs.items])
    order = [int(np.flatnonzero((x == row).all(1))[0]) for row in got_x]
    assert sorted(order) == list(range(len(x))) and order != list(range(len(x)))
    assert np.array_equal(ys.a, y[order])
    M.unshuffle(k, m)
    assert np.array_equal(M.data(k, m).items[1].a, y)


def test_testrun_metrics_vs_direct():
    k, m, net, init, x, y = setup()
    M.run(k, m)
    M.test(k, args(m, syms("batchsize", "metrics"),
                   args(lng(64), syms("loss", "accuracy", "matches", "predict", "output"))))
    assert M.test(k, args(m, qmat(x), qlongs(y))).v == 4
    r = M.testrun(k, m)
    with torch.no_grad():
        out = net(torch.from_numpy(x))
    pred = out.argmax(-1).numpy()
    correct = int((pred == y).sum())
    loss, acc, matches, predict, output = r.items
    assert acc.t == -E and acc.v == np.float32(100 * np.float32(correct / len(y)))
    assert list(matches.a) == [correct, len(y)] and matches.t == J
    assert np.array_equal(predict.a, pred)
    assert np.allclose(np.array([row.a for row in output.items]), out.numpy())
    lossf = torch.nn.CrossEntropyLoss()
    ref = [lossf(out[i:i + 64], torch.from_numpy(y[i:i + 64])) for i in range(0, 200, 64)]
    assert abs(loss.v - float(sum(ref) / 4)) < 1e-6
    assert net.training   # mode restored


def test_result_shapes():
    k, m, net, init, x, y = setup()
    M.test(k, args(m, qmat(x), qlongs(y)))
    M.test(k, args(m, sym("metrics"), syms("loss", "accuracy")))
    two = M.testrun(k, m)
    assert isinstance(two, Vec) and two.t == E and len(two.a) == 2      # razed: 0.13 96.16e
    M.test(k, args(m, syms("metrics", "dictionary"), args(syms("accuracy", "loss"), bln(True))))
    d = M.testrun(k, m)
    assert isinstance(d, Dict) and list(d.k.a) == ["accuracy", "loss"]
    M.test(k, args(m, syms("metrics", "dictionary", "tensor"),
                   args(sym("accuracy"), bln(False), bln(True))))
    p = M.testrun(k, m)
    assert k.handles.get(p).kind == "tensor"
    M.test(k, args(m, sym("tensor"), bln(False)))
    assert M.testrun(k, m).t == -E                                     # one metric alone


def test_no_data_gives_nulls():
    k = api_state()
    m, _ = new_model(k)
    assert M.run(k, m) is IDENTITY
    M.test(k, args(m, sym("metrics"), syms("loss", "accuracy")))
    r = M.testrun(k, m)
    assert isinstance(r, List) and all(i is IDENTITY for i in r.items)


def test_events_and_ctrl_c_between_batches():
    k, m, net, init, x, y = setup(batch=20)
    steps = []
    opt = k.handles.get(m).opt.opt
    opt.register_step_post_hook(lambda o, a, kw: steps.append(1))
    seen = []

    def on(kind, data):
        seen.append((kind, data.get("batch")))
        if kind == "batch" and data["batch"] == 3:
            k.interp.request_stop()
    k.events.subscribe(on)
    with pytest.raises(Stop):
        M.run(k, m)
    assert len(steps) == 3 and net.training
    assert M.datasize(k, m).v == 200            # data restored to full size
    k.events.unsubscribe(on)
    before = len(steps)
    k.events.subscribe(lambda kind, d: seen.append((kind, d.get("batch"))))
    assert isinstance(M.run(k, m), Atom)        # the model still runs
    assert len(steps) - before == 10
    assert seen[-1] == ("epoch", None) and ("batch", 10) in seen


def test_train_flag_restored_after_error():
    k, m, net, init, x, y = setup()
    net.eval()
    M.train(k, args(m, qmat(x[:, :2]), qlongs(y)))
    with pytest.raises(RuntimeError):
        M.run(k, m)
    assert not net.training


class Rec(torch.nn.Module):
    """A recurrent net returning (output;h;c), like the api's lstm-based modules."""

    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(3, 5, batch_first=True)
        self.out = torch.nn.Linear(5, 2)
        self.calls = []

    def forward(self, x, h=None, c=None):
        self.calls.append(h is not None)
        y, (h, c) = self.lstm(x, None if h is None else (h, c))
        return self.out(y[:, -1]), h, c


def test_hidden_state_fed_between_batches():
    from model_helpers import parts
    k = api_state()
    net = Rec()
    net.kname, net.kopts = "recur", {}
    m = M.model(k, args(*parts(k, net)))
    g = np.random.default_rng(0)
    x = g.standard_normal((25, 4, 3)).astype(np.float32)
    y = g.integers(0, 2, 25)
    xs = List([List([Vec(E, r) for r in seq]) for seq in x])
    M.train(k, args(m, syms("batchsize", "hidden", "metrics"),
                    args(lng(10), bln(True), syms("loss", "hidden"))))
    assert M.train(k, args(m, xs, qlongs(y))).v == 3
    loss, hidden = M.run(k, m).items
    assert net.calls == [False, True, True]          # short last batch: state narrowed
    assert loss.t == -E and len(hidden.items) == 1   # (layers;batch;hidden): rows joined
    assert len(hidden.items[0].items) == 25


def test_run_and_testrun_with_data_args():
    k = api_state()
    m, net = new_model(k)
    x, y = synthetic(60)
    assert M.run(k, args(m, qmat(x), qlongs(y))).t == -E
    assert M.datasize(k, m).v == 60
    assert M.testrun(k, args(m, qmat(x), qlongs(y))).t == -E
    assert M.testsize(k, m).v == 60
