"""Checks for sharpness-power-iteration. Trusted: never enters the sandbox.

The exact Hessian of each small model is built here (torch.autograd.functional on the
flattened parameters) and the statement's recursion is run on it with a dense matvec.
"""

import numpy as np
import torch
from torch.func import functional_call

from graders.kit import check

from . import harness

RTOL = 1e-7


def _t(x):
    return torch.as_tensor(np.asarray(x, dtype=np.float64))


def _data(rng, kind, n=24):
    X = rng.standard_normal((n, 3 if kind == "net" else 4))
    y = np.sin(X[:, 0]) + 0.5 * X[:, 1] if kind == "net" else X @ rng.standard_normal(4)
    return X, y


def _hessian(kind, seed, X, y):
    model = harness.make_model(kind, seed)
    names = [n for n, _ in model.named_parameters()]
    shapes = [p.shape for p in model.parameters()]
    theta = torch.cat([p.detach().reshape(-1) for p in model.parameters()])
    X, y = _t(X), _t(y)

    def loss(flat):
        parts, i = {}, 0
        for name, shape in zip(names, shapes, strict=True):
            parts[name] = flat[i:i + shape.numel()].reshape(shape)
            i += shape.numel()
        return ((functional_call(model, parts, (X,))[:, 0] - y) ** 2).mean()

    return torch.autograd.functional.hessian(loss, theta).numpy()


def _iterate(A, v0, iters, *, absolute=False, normalise_v0=True):
    """The statement's recursion on a dense A (and two classic variations of it)."""
    v = v0 / np.linalg.norm(v0) if normalise_v0 else v0
    for _ in range(iters):
        w = A @ v
        value = np.linalg.norm(w) if absolute else v @ w
        v = w / np.linalg.norm(w)
    return float(value), v


def _bugs(A, v0, iters):
    return {"|A v| returned instead of the Rayleigh quotient v^T A v: the sign is lost":
            _iterate(A, v0, iters, absolute=True)[0],
            "v0 not normalised before the first product": _iterate(A, v0, iters,
                                                                   normalise_v0=False)[0]}


POWER, SHARP = ["result", "matvecs"], ["result", "weights_unchanged"]


def _result(t, got, keys, n, what):
    """(eigenvalue, vector, the probe's dict) from a probe's answer, or a failure saying why."""
    got = t.mapping(got, keys, what)
    value, vector = t.items(got["result"], 2, f"{what}: (eigenvalue, vector)")
    value = t.number(value, f"{what}: the eigenvalue")
    t.expect(isinstance(vector, torch.Tensor) and tuple(vector.shape) == (n,),
             f"{what}: the vector must be a tensor of shape ({n},)", bug="wrong return structure")
    return value, vector.detach().double(), got


def _compare(t, value, vector, A, v0, iters, what, bugs=None):
    want_value, want_vector = _iterate(A, v0, iters)
    t.close(value, want_value, what=f"{what}: eigenvalue after {iters} iterations", rtol=RTOL,
            atol=1e-10, bugs={**_bugs(A, v0, iters), **(bugs or {})})
    t.close(vector, _t(want_vector), what=f"{what}: vector after {iters} iterations", rtol=1e-6,
            atol=1e-8, bugs={"the vector is not normalised": _t(A @ want_vector)})


def _symmetric(rng, eigenvalues):
    q, _ = np.linalg.qr(rng.standard_normal((len(eigenvalues), len(eigenvalues))))
    return (q * np.asarray(eigenvalues)) @ q.T


# -- visible


@check(points=1, visible=True)
def worked_example(t):
    """The statement's example: A = diag(3, 1), v0 = (1, 1), one and two iterations."""
    A, v0 = np.diag([3.0, 1.0]), np.array([1.0, 1.0])
    got = yield [t.probe("run_power_iteration", _t(A), _t(v0), k) for k in (1, 2)]
    for k, g in zip((1, 2), got, strict=True):
        value, vector, _ = _result(t, g, POWER, 2, "power_iteration")
        _compare(t, value, vector, A, v0, k, "power_iteration")


@check(points=1, visible=True)
def max_stable_lr_example(t):
    """max_stable_lr(3.0) is 2/3."""
    got = yield t.call("max_stable_lr", 3.0)
    t.close(got, 2.0 / 3.0, what="max_stable_lr(3.0)", rtol=1e-9,
            bugs={"1 / lambda: that is the step that zeroes the top direction in one step, not "
                  "the stability limit": 1.0 / 3.0})


# -- hidden


@check(points=2)
def power_iteration_exact_recursion(t):
    """A symmetric 6 x 6 matrix whose largest-magnitude eigenvalue is negative (a saddle):
    1, 4 and 60 iterations from a v0 of norm 3, every matvec counted."""
    A = _symmetric(t.rng, [-5.0, 3.0, 2.0, 1.0, 0.5, -0.2])
    v0 = 3.0 * t.rng.standard_normal(6) / np.sqrt(6)
    ks = (1, 4, 60)
    got = yield [t.probe("run_power_iteration", _t(A), _t(v0), k) for k in ks]
    for k, g in zip(ks, got, strict=True):
        value, vector, g = _result(t, g, POWER, 6, "power_iteration")
        _compare(t, value, vector, A, v0, k, "power_iteration")
        t.expect(g["matvecs"] == k, f"{g['matvecs']} calls of matvec for iters = {k}; the "
                 "recursion makes exactly one per iteration", bug="wrong number of products")


@check(points=3)
def sharpness_of_a_tanh_network(t):
    """The 3 -> 6 -> 1 tanh network (31 parameters) on 24 points: 3 and 40 iterations against
    the same recursion on the exact Hessian; the weights stay unchanged."""
    X, y = _data(t.rng, "net")
    seed = int(t.rng.integers(2**31))
    v0 = t.rng.standard_normal(31)
    H = _hessian("net", seed, X, y)
    ks = (3, 40)
    got = yield [t.probe("run_sharpness", "net", seed, _t(X), _t(y), _t(v0), k) for k in ks]
    for k, g in zip(ks, got, strict=True):
        value, vector, g = _result(t, g, SHARP, 31, "sharpness")
        t.expect(g["weights_unchanged"] is True, "sharpness changed the model's parameters",
                 bug="parameters modified")
        _compare(t, value, vector, H, v0, k, "sharpness")


@check(points=2)
def sharpness_sets_the_stable_learning_rate(t):
    """On the linear model (a quadratic loss, so H is constant) 300 iterations nearly converge;
    the stable step is 2 / sharpness, and GD just below it converges, just above it diverges.

    The sharpness is compared with what 300 iterations of the recursion give from v0, not
    with the top eigenvalue: when the top two eigenvalues are close, 300 iterations stop
    short of it (1.1e-5 on one seed of 20 tried), and a correct solution must not fail."""
    X, y = _data(t.rng, "linear")
    seed = int(t.rng.integers(2**31))
    v0 = t.rng.standard_normal(5)
    H = _hessian("linear", seed, X, y)
    eigenvalues = np.linalg.eigvalsh(H)
    lam = float(eigenvalues[-1])
    t.note(top_eigenvalue=lam, eigengap_ratio=float(eigenvalues[-2] / lam))
    got, lr = yield [t.probe("run_sharpness", "linear", seed, _t(X), _t(y), _t(v0), 300),
                     t.call("max_stable_lr", lam)]
    value, _, _ = _result(t, got, SHARP, 5, "sharpness")
    t.close(value, _iterate(H, v0, 300)[0], what="sharpness of the linear model (300 "
            "iterations)", rtol=RTOL, atol=1e-10, bugs=_bugs(H, v0, 300))
    t.close(lr, 2.0 / lam, what=f"max_stable_lr({lam:.6g})", rtol=1e-9, bugs={
        "1 / lambda: that is the step that zeroes the top direction in one step, not the "
        "stability limit": 1.0 / lam, "2 / lambda^2": 2.0 / lam ** 2, "lambda / 2": lam / 2})
    Z = np.hstack([X, np.ones((len(X), 1))])  # the linear model's parameters: (weight, bias)
    theta_star = np.linalg.lstsq(Z, y, rcond=None)[0]
    ends = {}
    for f in (0.98, 1.02):  # 300 GD steps from the origin at just below / above your step
        theta = np.zeros(5)
        for _ in range(300):
            theta = theta - f * float(lr) * 2.0 / len(X) * Z.T @ (Z @ theta - y)
        ends[f"distance_to_minimum_at_{f}_x_lr"] = float(np.linalg.norm(theta - theta_star))
    t.note(**ends)
