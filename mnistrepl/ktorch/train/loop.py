"""`run` / `testrun` loops and their metrics (ktorch-api.md 7.4), backstep and clipping.

The loops are the hot path: per batch only the torch calls a plain PyTorch loop makes
(zero_grad(set_to_none), forward, loss, backward, step) plus list appends. Metrics stay
tensors on the device until the pass ends (no .item() per batch, so no GPU sync), then
one stack/sum and one conversion. Ctrl-C is checked between batches (after a complete
optimizer step); the training flag and the data size are restored in a finally.
"""
import time


from ..core.lazy import torch
from mnistrepl.q.values import IDENTITY, Atom, Dict, List, from_items, symvec
from ..tensors.convert import to_q
from ..core.kinds import DictObj, TensorObj, VectorObj
from .accel import fast_pass

OUTPUT_NEEDED = {"output", "predict", "accuracy", "matches"}


def first_output(out):
    """The module output proper: a tensor, or the first tensor of a vector/tuple."""
    while isinstance(out, (tuple, list)):
        if not out:
            raise ValueError("unable to retrieve model output from empty vector of tensors")
        out = out[0]
    return out


def hidden_parts(out):
    """[h] or [h, c] from a recurrent output (v;h;c), (v;h) or (v;(h;c))."""
    if isinstance(out, (tuple, list)) and len(out) > 1:
        rest = out[1:]
        if len(rest) == 1 and isinstance(rest[0], (tuple, list)):
            rest = rest[0]
        return list(rest)
    raise ValueError("unable to retrieve hidden state from model output")


def _hidden_inputs(xs, prev, n):
    """Inputs with the previous batch's hidden state (detached; narrowed on a short
    final batch, batch being dim 1 of (layers, batch, hidden) states)."""
    hs = []
    for h in hidden_parts(prev):
        h = h.detach()
        if h.dim() == 3 and h.size(1) > n:
            h = h.narrow(1, 0, n)
        hs.append(h)
    return [xs[0]] + hs


class Recorder:
    """Per-batch metric tensors for one pass."""

    def __init__(self, names):
        self.names = names
        self.want = set(names)
        self.need_out = bool(self.want & OUTPUT_NEEDED)
        self.need_loss = bool(self.want & {"loss", "batchloss"})
        self.losses, self.correct, self.preds, self.outs = [], [], [], []
        self.hidden, self.cell = [], []
        self.total = 0
        self.batches = 0

    def add(self, loss, out, ys):
        """Record one batch (loss may be None when not computed)."""
        self.batches += 1
        if loss is not None and self.need_loss:
            self.losses.append(loss.detach())
        if self.need_out:
            z = first_output(out).detach()
            if "output" in self.want:
                self.outs.append(z)
            if self.want & {"predict", "accuracy", "matches"}:
                pred = z.argmax(-1)
                if "predict" in self.want:
                    self.preds.append(pred)
                if self.want & {"accuracy", "matches"}:
                    y = ys[0]
                    self.correct.append(y.eq(pred).sum())
                    self.total += y.numel()
        if "hidden" in self.want or "hiddencell" in self.want:
            hs = hidden_parts(out)
            if "hidden" in self.want:
                self.hidden.append(hs[0].detach())
            if "hiddencell" in self.want:
                if len(hs) < 2:
                    raise ValueError("metric: unable to retrieve hiddencell from output")
                self.cell.append(hs[1].detach())

    def tensors(self):
        """{metric: tensor or None}, computed on the device."""
        if not self.batches:
            return {n: None for n in self.names}
        out = {}
        for n in self.names:
            out[n] = self._one(n)
        return out

    def _one(self, n):
        if n == "loss":
            return torch.stack(self.losses).sum() / self.batches
        if n == "batchloss":
            return torch.stack(self.losses)
        if n in ("accuracy", "matches"):
            c = torch.stack(self.correct).sum()
            t = torch.tensor(self.total, device=c.device)
            return torch.stack([c, t]) if n == "matches" else 100.0 * c.div(t)
        parts = {"predict": self.preds, "output": self.outs, "hidden": self.hidden,
                 "hiddencell": self.cell}[n]
        if not parts[0].dim():
            return torch.stack(parts)
        # recurrent states are (layers, batch, hidden): rows join along the batch dim
        dim = 1 if n in ("hidden", "hiddencell") and parts[0].dim() == 3 else 0
        return torch.cat(parts, dim)


def result(k, o, rec):
    """The q result of a pass as the options ask (7.4 shapes)."""
    ts = rec.tensors()
    names = list(rec.names)
    if o["tensor"]:
        if o["dictionary"]:
            return k.new(DictObj({n: ts[n] for n in names if ts[n] is not None}))
        vals = [ts[n] for n in names if ts[n] is not None]
        if len(names) == 1:
            return k.new(TensorObj(vals[0])) if vals else IDENTITY
        return k.new(VectorObj(vals))
    vals = [IDENTITY if ts[n] is None else to_q(ts[n]) for n in names]
    if o["dictionary"]:
        return Dict(symvec(names), from_items(vals) if vals else List([]))
    if len(vals) == 1:
        return vals[0]
    if vals and all(isinstance(v, Atom) for v in vals):
        return from_items(vals)
    return List(vals)


def _scalars(ts):
    return {n: float(t) for n, t in ts.items() if t is not None and t.dim() == 0}


# ---------------------------------------------------------------- training

def clip(m):
    """Apply the model's clip options to the gradients of its optimizer's parameters."""
    o = m.train_opts
    if o["clipnorm"] is None and o["clipvalue"] is None:
        return
    groups = [g["params"] for g in m.opt.opt.param_groups]
    if o["clipvalue"] is not None:
        torch.nn.utils.clip_grad_value_([p for g in groups for p in g], o["clipvalue"])
        return
    mx, p = o["clipnorm"]
    if o["clipgroup"]:
        for g in groups:
            torch.nn.utils.clip_grad_norm_(g, mx, p)
    else:
        torch.nn.utils.clip_grad_norm_([p_ for g in groups for p_ in g], mx, p)


def needs_closure(m):
    """Does the model's optimizer re-evaluate the loss within a step (lbfgs)?"""
    return m.opt.kname == "lbfgs"


def closure_step(m, xs, ys):
    """A step of an optimizer that calls back for the loss (lbfgs): the closure zeroes the
    gradients, runs forward, loss, backward and clipping; the batch records the first
    evaluation's loss and output (what torch's LBFGS.step returns)."""
    opt, first = m.opt.opt, []

    def closure():
        opt.zero_grad(set_to_none=True)
        out = m.module.module(*xs)
        loss = m.loss.module(first_output(out), *ys)
        loss.backward()
        clip(m)
        if not first:
            first.append((loss, out))
        return loss
    opt.step(closure)
    return first[0]


def train_step(m, xs, ys):
    """zero grads, forward, loss, backward, sync, clip, step: (loss, output)."""
    if needs_closure(m):
        return closure_step(m, xs, ys)
    opt = m.opt.opt
    opt.zero_grad(set_to_none=True)
    out = m.module.module(*xs)
    loss = m.loss.module(first_output(out), *ys)
    loss.backward()
    if m.train_opts["sync"] and loss.is_cuda:
        torch.cuda.synchronize(loss.device)
    clip(m)
    opt.step()
    return loss, out


def run(k, m):
    """`run m`: one training epoch; the metrics result."""
    d, o = m.data, m.train_opts
    rec = Recorder(o["metrics"])
    module = m.module.module
    was = module.training
    t0 = time.perf_counter()
    m.batch_init(True)
    events = k.events
    # the loop body is inlined for speed: see train_step for the same sequence
    opt, fwd, lossfn = m.opt.opt, module, m.loss.module
    zero, select = opt.zero_grad, d.select
    clipping = o["clipnorm"] is not None or o["clipvalue"] is not None
    sync, hidden, add = o["sync"], o["hidden"], rec.add
    first, stride, nb = o["task"], o["tasks"], d.batches
    rows, out, closing = 0, None, needs_closure(m)
    try:
        module.train(True)
        with fast_pass(k, m, True) as p:
            cast, backward = p.cast, p.backward
            for i in range(first, max(nb, 0), stride):
                k.check_stop()
                xs, ys = select(i)
                if hidden and out is not None:
                    xs = _hidden_inputs(xs, out, ys[0].size(0) if ys else xs[0].size(0))
                if closing:
                    loss, out = closure_step(m, xs, ys)
                    add(loss, out, ys)
                    continue
                zero(set_to_none=True)
                with cast():
                    out = fwd(*xs)
                    loss = lossfn(first_output(out), *ys)
                backward(loss)
                if sync and loss.is_cuda:
                    torch.cuda.synchronize(loss.device)
                if clipping:
                    p.unscale(opt)
                    clip(m)
                p.step(opt)
                add(loss, out, ys)
                if events.active:
                    rows += d.bounds(i)[1]
                    events.emit("batch", model=m, phase="train", batch=i + 1, batches=nb,
                                rows=rows, loss=float(loss.detach()))
    finally:
        module.train(was)
        d.fullsize()
    return _finish(k, m, o, rec, "train", t0)


def _finish(k, m, o, rec, phase, t0):
    r = result(k, o, rec)
    if k.events.active:
        ts = rec.tensors()
        k.events.emit("epoch", model=m, phase=phase, batches=rec.batches,
                      rows=max(m.data.size if phase == "train" else m.testdata.size, 0),
                      seconds=time.perf_counter() - t0, metrics=_scalars(ts),
                      **_predictions(m, phase, ts))
    return r


def _predictions(m, phase, ts):
    """{predict, target} (lists of ints) of a test pass that predicts over unshuffled
    data with one target, for displays of the mismatches; else {}."""
    p, d = ts.get("predict"), m.testdata
    if phase != "test" or p is None or d.perm is not None or len(d.y.ts) != 1:
        return {}
    y = d.y.ts[0]
    if y.dim() != 1 or y.numel() != p.numel():
        return {}
    return {"predict": p.tolist(), "target": y.tolist()}


def testrun(k, m):
    """`testrun m`: one pass over the test data in eval mode without gradients."""
    d, o = m.testdata, m.test_opts
    rec = Recorder(o["metrics"])
    module = m.module.module
    was = module.training
    t0 = time.perf_counter()
    m.batch_init(False)
    events = k.events
    lossfn = m.loss.module if rec.need_loss else None
    # inference tensors can't enter autograd later: returned tensors use no_grad
    guard = torch.no_grad if o["tensor"] else torch.inference_mode
    first, stride, nb = o["task"], o["tasks"], d.batches
    rows, out = 0, None
    try:
        module.train(False)
        with guard(), fast_pass(k, m, False) as p:
            for i in range(first, max(nb, 0), stride):
                k.check_stop()
                xs, ys = d.select(i)
                if o["hidden"] and out is not None:
                    xs = _hidden_inputs(xs, out, xs[0].size(0))
                with p.cast():
                    out = module(*xs)
                    loss = lossfn(first_output(out), *ys) if lossfn is not None else None
                rec.add(loss, out, ys)
                if events.active:
                    rows += d.bounds(i)[1]
                    events.emit("batch", model=m, phase="test", batch=i + 1, batches=nb,
                                rows=rows, loss=None if loss is None else float(loss))
    finally:
        module.train(was)
        d.fullsize()
    return _finish(k, m, o, rec, "test", t0)
