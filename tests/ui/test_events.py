"""The api events the screen relies on, from a real session (q code, tiny model): the
test pass's epoch event carries predictions and targets for the mismatches pane."""
from mnistrepl.q.host import BufferHost
from mnistrepl.session import Session
from mnistrepl.ui.screen.state import TrainState

SETUP = """q:module enlist(`linear;4;3)
m:model(q; loss`ce; opt(`sgd;q;.1))
X:"e"$6 4#til 24; Y:0 1 2 0 1 2
train(m;X;Y); test(m;X;Y)
test(m;`batchsize`metrics;(4;`predict))"""


def test_testrun_with_predict_feeds_the_mismatches():
    s = Session(BufferHost())
    for line in SETUP.split("\n"):
        assert s.execute(line), s.host.text()
    state, seen = TrainState(), []
    s.events().subscribe(state.on_event)
    s.events().subscribe(lambda kind, d: seen.append((kind, d)))
    assert s.execute("p:testrun m")
    epoch = [d for kind, d in seen if kind == "epoch"][-1]
    assert epoch["target"] == [0, 1, 2, 0, 1, 2]
    s.execute("p")
    assert [int(v) for v in s.host.text().split("\n")[-2].split()] == epoch["predict"]
    wrong = {}
    for p, y in zip(epoch["predict"], epoch["target"]):
        if p != y:
            wrong.setdefault(y, []).append(p)
    assert state.snapshot().mismatches == {y: sorted(v) for y, v in sorted(wrong.items())}
    assert [kind for kind, d in seen].count("batch") == 2      # 6 rows in batches of 4


def test_run_emits_batches_then_an_epoch_with_its_loss():
    s = Session(BufferHost())
    for line in SETUP.split("\n")[:4]:
        assert s.execute(line), s.host.text()
    state = TrainState()
    s.events().subscribe(state.on_event)
    assert s.execute("run m")
    row = state.snapshot().rows[-1]
    assert row.epoch == 1 and row.train_loss > 0 and row.lr == 0.1
    assert state.snapshot().mismatches is None                  # no test pass, no mismatches
