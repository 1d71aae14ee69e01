"""Where a model's data is kept (train/placement.py): on the model's device by default;
with `pin` (--pin) and a GPU model, in pinned host memory with each batch copied over.
No GPU here: the copy path is followed to torch's meta device instead."""
import torch

from mnistrepl import cli
from mnistrepl.ktorch.train import model as M
from mnistrepl.ktorch.train.placement import moved, pinned, placement

CPU, CUDA, META = torch.device("cpu"), torch.device("cuda"), torch.device("meta")


class Options:
    def __init__(self, **options):
        self.options = options


def test_device_resident_unless_pinned_for_a_gpu():
    assert placement(Options(), CPU) == (CPU, None)
    assert placement(Options(), CUDA) == (CUDA, None)
    assert placement(Options(pin=True), CPU) == (CPU, None)
    assert placement(Options(pin=True), CUDA) == (CPU, CUDA)


class HostTensor:
    """Stands in for a CPU tensor: pin_memory needs a CUDA build."""
    device = CPU

    def __init__(self, pinned=False):
        self.pinned = pinned

    def is_pinned(self):
        return self.pinned

    def pin_memory(self):
        return HostTensor(True)


class SideOf:
    def __init__(self, ts):
        self.ts = ts


def test_pinned_only_when_batches_go_to_a_gpu():
    ts = [HostTensor(), HostTensor(True)]
    assert pinned(SideOf(list(ts)), None).ts == ts
    assert pinned(SideOf(list(ts)), CPU).ts == ts
    out = pinned(SideOf(list(ts)), CUDA).ts
    assert [t.pinned for t in out] == [True, True] and out[1] is ts[1]


def test_moved_copies_only_what_is_elsewhere():
    a, b = torch.ones(2, 3), torch.zeros(2, device=META)
    assert moved([a], None)[0] is a
    out = moved([a, b], META)
    assert [t.device for t in out] == [META, META] and out[0].shape == (2, 3) and out[1] is b


def test_pinned_data_stays_home_and_batches_move(q, monkeypatch):
    monkeypatch.setattr(M, "placement", lambda k, dev: (CPU, META))
    q("q:module seq(`sequential; (`linear;4;3))", "m:model(q; loss`ce; opt(`sgd;q))",
      "train(m;`batchsize`shuffle;(4;1b)); train(m;10 4#1e;10?3)")
    d = q.k.get(q.s.interp.globals["m"]).data
    assert d.to == META and all(t.device == CPU for t in d.x.ts + d.y.ts)
    xs, ys = d.select(2)
    assert xs[0].device == META and xs[0].shape == (2, 4) and ys[0].shape == (2,)
    d.fullsize()


def test_pin_on_the_cpu_trains_as_without(q):
    q.k.options["pin"] = True
    q("q:module seq(`sequential; (`linear;4;3))", "m:model(q; loss`ce; opt(`sgd;q))",
      "train(m;`batchsize`shuffle;(4;1b)); train(m;10 4#1e;10?3)")
    assert q.k.get(q.s.interp.globals["m"]).data.to is None
    assert q.one("r:run m; (-8h~type r; not null r)") == "11b"


def test_pin_option():
    assert cli.make_session(cli.parse_args(["--pin", "-q"])).options["pin"] is True
    assert cli.make_session(cli.parse_args(["-q"])).options["pin"] is False
