"""Checks for layer-norm. Trusted: never enters the sandbox."""

import numpy as np

from graders import plots
from graders.kit import check


def _normalise(x, eps, *, axis=-1, ddof=0, eps_outside=False):
    """(xhat, inv_std) with one classic mistake switched in (defaults: the contract)."""
    if axis == "leading":  # statistics over every axis but the last: batch norm
        axis = tuple(range(x.ndim - 1))
    mu = x.mean(axis=axis, keepdims=True)
    var = x.var(axis=axis, keepdims=True, ddof=ddof)
    inv_std = 1.0 / (np.sqrt(var) + eps) if eps_outside else 1.0 / np.sqrt(var + eps)
    return (x - mu) * inv_std, inv_std


def _forward_bugs(x, g, b, eps):
    def y(**kw):
        return lambda: g * _normalise(x, eps, **kw)[0] + b

    return {
        "normalised over the batch axis (axis 0) instead of the feature axis: that is batch "
        "norm": y(axis=0),
        "normalised over all leading axes instead of the last axis: that is batch norm":
            y(axis="leading"),
        "unbiased variance (divide by D-1); layer norm divides by D": y(ddof=1),
        "eps added to the standard deviation instead of inside the square root":
            y(eps_outside=True),
        "gamma and beta swapped": lambda: b * _normalise(x, eps)[0] + g,
        "gamma and beta not applied": lambda: _normalise(x, eps)[0],
    }


def _dx_bugs(x, g, dy, eps):
    xhat, inv_std = _normalise(x, eps)
    dxhat = dy * g

    def m(a):
        return a.mean(axis=-1, keepdims=True)

    return {
        "dx misses both the mean and the variance terms (treats mean and variance as "
        "constants)": inv_std * dxhat,
        "dx misses the variance term -xhat * mean(dxhat * xhat)": inv_std * (dxhat - m(dxhat)),
        "dx misses the mean term -mean(dxhat)": inv_std * (dxhat - xhat * m(dxhat * xhat)),
        "dx does not multiply dy by gamma": inv_std * (dy - m(dy) - xhat * m(dy * xhat)),
    }


def _check_param_grad(t, got, want, x, name):
    """dgamma/dbeta: shape (D,), summed over every leading axis."""
    shape = getattr(got, "shape", None)
    if shape == x.shape:
        t.fail(f"{name}: shape {shape}, expected {want.shape}: sum over every axis but the "
               "last, like the parameter it is the gradient of", bug=f"{name} not summed over "
               "the batch axes")
    if x.ndim > 2 and shape == x.shape[1:]:
        t.fail(f"{name}: shape {shape}, expected {want.shape}: summed over axis 0 only; for an "
               f"input of shape {x.shape} sum over every leading axis",
               bug=f"{name} summed over axis 0 only")
    t.close(got, want, what=name, rtol=1e-5, atol=1e-6)


def _judge(t, got, x, g, b, dy, eps):
    y, grads = t.items(got, 2, "(y, backward result)")
    want_y, cache = t.ref.layer_norm_forward(x, g, b, eps)
    t.close(y, want_y, what="y", rtol=1e-5, atol=1e-6, bugs=_forward_bugs(x, g, b, eps))
    dx, dgamma, dbeta = t.items(grads, 3, "layer_norm_backward's (dx, dgamma, dbeta)")
    want_dx, want_dgamma, want_dbeta = t.ref.layer_norm_backward(dy, cache)
    t.close(dx, want_dx, what="dx", rtol=1e-5, atol=1e-6, bugs=_dx_bugs(x, g, dy, eps))
    _check_param_grad(t, dgamma, want_dgamma, x, "dgamma")
    _check_param_grad(t, dbeta, want_dbeta, x, "dbeta")


def _params(rng, D):
    return 1.0 + 0.5 * rng.standard_normal(D), 0.5 * rng.standard_normal(D)


@check(points=1, visible=True)
def forward_worked_example(t):
    """The statement's example: two rows of three, gamma = 1, beta = 0."""
    x = np.array([[1.0, 2.0, 3.0], [2.0, 4.0, 9.0]])
    g, b = np.ones(3), np.zeros(3)
    got = yield t.probe("forward", x, g, b)
    want = t.ref.layer_norm_forward(x, g, b)[0]
    t.note(plot=plots.heatmaps("Each row (example) normalised over its features",
                               {"yours": got, "expected": want},
                               x_label="feature", y_label="example"))
    t.close(got, want, what="y", rtol=1e-5, atol=1e-6, bugs=_forward_bugs(x, g, b, 1e-5))


@check(points=1, visible=True)
def backward_small(t):
    """Forward then backward on a (2, 4) input with random gamma, beta and upstream dy."""
    x = t.rng.standard_normal((2, 4))
    g, b = _params(t.rng, 4)
    dy = t.rng.standard_normal((2, 4))
    got = yield t.probe("forward_backward", x, g, b, dy)
    _judge(t, got, x, g, b, dy, 1e-5)


@check(points=2)
def forward_3d(t):
    """A (3, 5, 8) input, per-feature gamma and beta: statistics over the last axis only."""
    x = 2.0 * t.rng.standard_normal((3, 5, 8)) + 1.0
    g, b = _params(t.rng, 8)
    got = yield t.probe("forward", x, g, b)
    t.close(got, t.ref.layer_norm_forward(x, g, b)[0], what="y", rtol=1e-5, atol=1e-6,
            bugs=_forward_bugs(x, g, b, 1e-5))


@check(points=2)
def eps_inside_sqrt(t):
    """Rows with tiny variance and eps = 0.01 or the default: eps belongs under the square root."""
    x = 1e-3 * t.rng.standard_normal((6, 5))
    x[0] = 3.0  # a constant row: variance 0, y = beta exactly
    g, b = _params(t.rng, 5)
    got = yield [t.probe("forward", x, g, b, eps=0.01), t.probe("forward", x, g, b)]
    for y, eps in zip(got, (0.01, 1e-5), strict=True):
        t.close(y, t.ref.layer_norm_forward(x, g, b, eps)[0], what=f"y with eps={eps}",
                rtol=1e-5, atol=1e-6, bugs=_forward_bugs(x, g, b, eps))


@check(points=3)
def backward_2d(t):
    """(6, 7) input: dx with every term, dgamma and dbeta summed over the batch."""
    x = t.rng.standard_normal((6, 7)) * 1.5 - 0.5
    g, b = _params(t.rng, 7)
    dy = t.rng.standard_normal((6, 7))
    got = yield t.probe("forward_backward", x, g, b, dy)
    _judge(t, got, x, g, b, dy, 1e-5)


@check(points=3)
def backward_3d(t):
    """(2, 4, 6) input: dgamma and dbeta are summed over both leading axes."""
    x = t.rng.standard_normal((2, 4, 6))
    g, b = _params(t.rng, 6)
    dy = t.rng.standard_normal((2, 4, 6))
    got = yield t.probe("forward_backward", x, g, b, dy, eps=1e-3)
    _judge(t, got, x, g, b, dy, 1e-3)
