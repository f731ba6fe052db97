"""Checks for mlp-steps, part 2 (backward). Trusted: never enters the sandbox."""

import numpy as np

from graders.kit import check

TOL = {"rtol": 1e-6, "atol": 1e-9}
KEYS = ("W1", "b1", "W2", "b2")


def params(rng, d=5, h=7, c=4):
    return (rng.standard_normal((d, h)) / np.sqrt(d), 0.5 * rng.standard_normal(h),
            rng.standard_normal((h, c)) / np.sqrt(h), 0.5 * rng.standard_normal(c))


def problem(rng, n=12, d=5, c=4):
    x = rng.standard_normal((n, d))
    y = rng.integers(0, c, size=n)
    y[:c] = np.arange(c)  # every class appears
    return x, y


def _compare(t, got, x, y, W1, b1, W2, b2):
    grads = t.mapping(got, KEYS, "gradients")
    want = t.ref.mlp_backward(x, y, W1, b1, W2, b2)
    n = x.shape[0]
    for key in KEYS:
        t.close(grads[key], want[key], what=f"d{key}", **TOL, bugs={
            "gradients of the summed loss (not divided by N)": n * want[key],
        })


@check(points=1, visible=True)
def tiny_network(t):
    """A (3, 2) batch through a (2, 3, 2) network."""
    x = np.array([[1.0, -1.0], [0.5, 2.0], [-1.5, 0.25]])
    y = np.array([0, 1, 1])
    W1 = np.array([[1.0, -0.5, 0.25], [0.5, 1.0, -1.0]])
    b1 = np.array([0.1, -0.2, 0.3])
    W2 = np.array([[1.0, -1.0], [0.5, 0.5], [-0.25, 1.0]])
    b2 = np.array([0.0, 0.1])
    got = yield t.call("mlp_backward", x, y, W1, b1, W2, b2)
    _compare(t, got, x, y, W1, b1, W2, b2)


@check(points=3)
def random_network(t):
    """A random (12, 5) batch through a (5, 7, 4) network, some hidden units inactive."""
    x, y = problem(t.rng)
    W1, b1, W2, b2 = params(t.rng)
    got = yield t.call("mlp_backward", x, y, W1, b1, W2, b2)
    _compare(t, got, x, y, W1, b1, W2, b2)


@check(points=2)
def dead_units_get_no_gradient(t):
    """Hidden units with negative input for every example get exactly zero dW1 and db1."""
    x, y = problem(t.rng)
    W1, b1, W2, b2 = params(t.rng)
    b1[:3] = -50.0  # units 0..2 are off for every example
    got = yield t.call("mlp_backward", x, y, W1, b1, W2, b2)
    grads = t.mapping(got, KEYS, "gradients")
    db1 = np.asarray(grads["b1"], dtype=np.float64)
    t.expect(db1.shape == (7,) and np.all(db1[:3] == 0.0),
             "db1 of hidden units whose input is negative everywhere should be exactly 0",
             bug="ReLU derivative missing: gradient flows through inactive units")
    _compare(t, got, x, y, W1, b1, W2, b2)
