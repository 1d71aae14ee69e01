"""ktorch's LAMB (ktorch-api.md 6.3) against a step-by-step numpy computation."""
import numpy as np
import pytest
import torch

from kt_session import Q
from mnistrepl.ktorch.train.lamb import Lamb, LambError


def reference(params, grad_steps, lr=1e-3, betas=(.9, .999), eps=1e-8, decay=0.0,
              unbiased=True, globalnorm=True, trustclip=True, tmin=0.0, tmax=1.0):
    """Parameters after the steps and the (normalised) gradients of the last step."""
    b1, b2 = betas
    p = [a.astype(np.float64).copy() for a in params]
    m = [np.zeros_like(a) for a in p]
    v = [np.zeros_like(a) for a in p]
    for t, grads in enumerate(grad_steps, 1):
        g = [a.astype(np.float64).copy() for a in grads]
        if globalnorm:
            G = np.sqrt(sum((a ** 2).sum() for a in g))
            g = [a / G for a in g]
        for i in range(len(p)):
            m[i] = b1 * m[i] + (1 - b1) * g[i]
            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
            if unbiased:
                u = (m[i] / (1 - b1 ** t)) / (np.sqrt(v[i]) / np.sqrt(1 - b2 ** t) + eps)
            else:
                u = m[i] / (np.sqrt(v[i]) + eps)
            if decay:
                u = u + decay * p[i]
            w, r = np.linalg.norm(p[i]), np.linalg.norm(u)
            trust = w / r if w > 0 and r > 0 else 1.0
            if trustclip:
                trust = min(max(trust, tmin), tmax)
            p[i] = p[i] - lr * trust * u
    return p, g


def run_lamb(params, grad_steps, **kw):
    ps = [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in params]
    opt = Lamb(ps, **kw)
    for grads in grad_steps:
        for p, g in zip(ps, grads):
            p.grad = torch.tensor(g, dtype=torch.float64)
        opt.step()
    return ps, opt


def data(seed=0, zero_param=False):
    rng = np.random.default_rng(seed)
    params = [rng.standard_normal((3, 4)), rng.standard_normal(4) * .1]
    if zero_param:
        params.append(np.zeros(2))
    steps = [[rng.standard_normal(a.shape) for a in params] for _ in range(2)]
    return params, steps


CASES = [
    {},
    dict(globalnorm=False),
    dict(unbiased=False),
    dict(decay=0.1, lr=0.01),
    dict(trustclip=False, lr=0.05),
    dict(trustmin=0.5, trustmax=0.6, lr=0.02),          # clamping from both sides
    dict(globalnorm=False, unbiased=False, decay=.05, trustclip=False, betas=(.8, .9)),
]
NAMES = {"betas": "betas", "decay": "weight_decay", "trustmin": "trustmin",
         "trustmax": "trustmax"}
REF = {"trustmin": "tmin", "trustmax": "tmax"}


@pytest.mark.parametrize("nsteps", [1, 2])
@pytest.mark.parametrize("case", CASES)
def test_matches_reference(case, nsteps):
    params, steps = data(zero_param=True)
    steps = steps[:nsteps]
    torch_kw = {("weight_decay" if key == "decay" else key): v for key, v in case.items()}
    ref_kw = {REF.get(key, key): v for key, v in case.items()}
    want, last_g = reference(params, steps, **ref_kw)
    got, _ = run_lamb(params, steps, **torch_kw)
    for p, w in zip(got, want):
        assert np.allclose(p.detach().numpy(), w, atol=1e-6, rtol=0)
    for p, g in zip(got, last_g):       # the stored gradient was divided in place
        assert np.allclose(p.grad.numpy(), g, atol=1e-12)


def test_trust_clamped():
    """A tiny trustmax caps the step: ||delta|| = lr * trustmax * ||u|| on step 1."""
    params, steps = data(seed=4)
    got, _ = run_lamb(params, steps[:1], lr=1.0, trustmax=1e-3)
    want, _ = reference(params, steps[:1], lr=1.0, tmax=1e-3)
    for p, w in zip(got, want):
        assert np.allclose(p.detach().numpy(), w, atol=1e-9)


def test_state_and_skipped_params():
    a = torch.ones(3, requires_grad=True)
    b = torch.ones(2, requires_grad=True)
    opt = Lamb([a, b])
    a.grad = torch.ones(3)
    opt.step()
    assert opt.state[a]["step"] == 1 and b not in opt.state
    assert torch.equal(b, torch.ones(2))
    assert set(opt.state[a]) == {"step", "exp_avg", "exp_avg_sq"}


def test_closure_returns_loss():
    a = torch.ones(2, requires_grad=True)
    opt = Lamb([a])

    def closure():
        opt.zero_grad()
        loss = (a * a).sum()
        loss.backward()
        return loss
    assert opt.step(closure).item() == 2.0


@pytest.mark.parametrize("kw,msg", [
    (dict(lr=-1), "Invalid learning rate: -1"),
    (dict(eps=-0.5), "Invalid epsilon value: -0.5"),
    (dict(betas=(1.0, .9)), "Invalid beta parameter at index 0: 1"),
    (dict(betas=(.9, -0.1)), "Invalid beta parameter at index 1: -0.1"),
    (dict(weight_decay=-2), "Invalid weight_decay value: -2"),
])
def test_validation(kw, msg):
    with pytest.raises(ValueError, match=msg):
        Lamb([torch.ones(1, requires_grad=True)], **kw)


def test_sparse_gradient_error():
    a = torch.ones(3, requires_grad=True)
    opt = Lamb([a])
    a.grad = torch.ones(3).to_sparse()
    with pytest.raises(LambError, match="lamb: sparse gradients not implemented"):
        opt.step()


def test_q_level_lamb():
    q = Q()
    q("x:tensor(1 2 3e;`grad)", "o:opt(`lamb;x;.1)")
    assert q.one("opt(`lamb;x;-1)") == "'Invalid learning rate: -1"
    assert q.one("opt(`lamb;x;.1;1.5)") == "'Invalid beta parameter at index 0: 1.5"
    q("backward mse(x;0 0 0e)", "step o")
    want, g = reference([np.array([1., 2, 3])], [[np.array([2., 4, 6]) / 3]], lr=.1)
    got = q.k.handles.get(q.eval("x")).t
    assert np.allclose(got.detach().numpy(), want[0], atol=1e-6)
    assert np.allclose(q.k.handles.get(q.eval("x")).t.grad.numpy(), g[0], atol=1e-6)
    q.k.handles.get(q.eval("x")).t.grad = torch.ones(3).to_sparse()
    assert q.one("step o") == "'lamb: sparse gradients not implemented"
