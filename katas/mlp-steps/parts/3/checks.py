"""Checks for mlp-steps, part 3 (one SGD step). Trusted: never enters the sandbox."""

import numpy as np

from graders.kit import check

TOL = {"rtol": 1e-6, "atol": 1e-9}
KEYS = ("W1", "b1", "W2", "b2")


def problem(rng, n=12, d=5, h=7, c=4):
    x = rng.standard_normal((n, d))
    y = rng.integers(0, c, size=n)
    y[:c] = np.arange(c)
    params = {"W1": rng.standard_normal((d, h)) / np.sqrt(d), "b1": 0.5 * rng.standard_normal(h),
              "W2": rng.standard_normal((h, c)) / np.sqrt(h), "b2": 0.5 * rng.standard_normal(c)}
    return params, x, y


def _compare(t, got, params, x, y, lr):
    new, loss = t.items(got, 2, "(new_params, loss)")
    new = t.mapping(new, KEYS, "new_params")
    want, want_loss = t.ref.sgd_step(params, x, y, lr)
    grads = t.ref.mlp_backward(x, y, *(params[k] for k in KEYS))
    for k in KEYS:
        t.close(new[k], want[k], what=f"new {k}", **TOL, bugs={
            "gradient added instead of subtracted (ascent)": params[k] + lr * grads[k],
            "the learning rate left out": params[k] - grads[k],
        })
    t.close(t.number(loss, "loss"), want_loss, what="loss before the step", **TOL,
            bugs={"the loss after the step returned": t.ref.cross_entropy(
                t.ref.mlp_forward(x, *(want[k] for k in KEYS)), y)})


@check(points=1, visible=True)
def small_batch(t):
    """A (12, 5) batch, lr = 0.1, fixed inputs."""
    params, x, y = problem(np.random.default_rng(7))
    got = yield t.call("sgd_step", params, x, y, 0.1)
    _compare(t, got, params, x, y, 0.1)


@check(points=3)
def random_step(t):
    """A random batch and network, lr drawn from [0.05, 0.5]."""
    params, x, y = problem(t.rng)
    lr = float(t.rng.uniform(0.05, 0.5))
    got = yield t.call("sgd_step", params, x, y, lr)
    _compare(t, got, params, x, y, lr)


@check(points=2)
def the_step_lowers_the_loss(t):
    """A small step (lr = 0.01) lowers the batch loss, as descent must."""
    params, x, y = problem(t.rng)
    got = yield t.call("sgd_step", params, x, y, 0.01)
    new, _ = t.items(got, 2, "(new_params, loss)")
    new = t.mapping(new, KEYS, "new_params")
    before = t.ref.cross_entropy(t.ref.mlp_forward(x, *(params[k] for k in KEYS)), y)
    after = t.ref.cross_entropy(t.ref.mlp_forward(
        x, *(np.asarray(new[k], dtype=np.float64) for k in KEYS)), y)
    t.expect(after < before, f"the loss went from {before:.6f} to {after:.6f}: the step does "
             "not descend", bug="gradient added instead of subtracted (ascent)")
    _compare(t, got, params, x, y, 0.01)
