"""Checks for batch-norm. Trusted: never enters the sandbox."""

import numpy as np

from graders import plots
from graders.kit import check

TOL = {"rtol": 1e-5, "atol": 1e-7}


def _simulate(D, momentum, eps, gamma, beta, xs, training, *, norm_axis=0, norm_ddof=0,
              run_ddof=1, update=True, invert=False, eval_batch=False, eval_updates=False):
    """Outputs and running stats per step, with one classic mistake switched in."""
    rmean, rvar = np.zeros(D), np.ones(D)
    ys, means, vars_ = [], [], []
    for x, train in zip(xs, training, strict=True):
        if train or eval_batch:
            mean = x.mean(axis=norm_axis, keepdims=True)
            var = x.var(axis=norm_axis, keepdims=True, ddof=norm_ddof)
        else:
            mean, var = rmean, rvar
        if (train or eval_updates) and update:
            m = 1 - momentum if invert else momentum
            rmean = (1 - m) * rmean + m * x.mean(axis=0)
            n = x.shape[0]
            rvar = (1 - m) * rvar + m * x.var(axis=0) * (n / max(n - run_ddof, 1))
        ys.append(gamma * (x - mean) / np.sqrt(var + eps) + beta)
        means.append(rmean)
        vars_.append(rvar)
    return {"outputs": ys, "running_mean": means, "running_var": vars_}


BUGS = {
    "normalised over the feature axis (axis 1) instead of the batch axis: that is layer norm":
        {"norm_axis": 1},
    "normalised with the unbiased batch variance; normalise with the biased one (divide by N)":
        {"norm_ddof": 1},
    "running statistics never updated": {"update": False},
    "momentum inverted: running = momentum * running + (1 - momentum) * batch":
        {"invert": True},
    "running_var tracks the biased batch variance; the contract asks for the unbiased one "
    "(N / (N - 1) times it)": {"run_ddof": 0},
    "eval mode normalises with the batch statistics instead of the running ones":
        {"eval_batch": True},
    "eval mode updates the running statistics": {"eval_updates": True},
}


def _judge(t, got, D, momentum, eps, gamma, beta, xs, training):
    want = _simulate(D, momentum, eps, gamma, beta, xs, training)
    got = t.mapping(got, list(want), "probe result")
    variants = {name: _simulate(D, momentum, eps, gamma, beta, xs, training, **kw)
                for name, kw in BUGS.items()}
    n = len(xs)
    for key in ("outputs", "running_mean", "running_var"):
        t.items(got[key], n, key)
    for i in range(n):
        mode = "training" if training[i] else "eval"
        for key, what in (("outputs", "output"), ("running_mean", "running_mean"),
                          ("running_var", "running_var")):
            t.close(got[key][i], want[key][i], what=f"step {i + 1} ({mode}): {what}",
                    bugs={name: v[key][i] for name, v in variants.items()}, **TOL)


def _params(rng, D):
    return 1.0 + 0.5 * rng.standard_normal(D), 0.5 * rng.standard_normal(D)


def _batch(rng, N, D):
    """A batch whose features have different means and scales, so the statistics matter."""
    return rng.normal(rng.uniform(-2, 2, D), rng.uniform(0.5, 3, D), size=(N, D))


@check(points=1, visible=True)
def initial_state(t):
    """A fresh BatchNorm1d(3): gamma = 1, beta = 0, running_mean = 0, running_var = 1."""
    got = yield t.probe("initial_state", 3)
    got = t.mapping(got, ["gamma", "beta", "running_mean", "running_var"], "initial state")
    for key, value in (("gamma", 1.0), ("beta", 0.0), ("running_mean", 0.0),
                       ("running_var", 1.0)):
        t.close(got[key], np.full(3, value), what=key)


@check(points=1, visible=True)
def worked_example(t):
    """The statement's example: one training step on a (4, 2) batch, then one eval step."""
    x = np.array([[1.0, 0.0], [2.0, 0.0], [3.0, 4.0], [6.0, 4.0]])
    xs, training = [x, x[:2]], [True, False]
    g, b = np.ones(2), np.zeros(2)
    got = yield t.probe("run_steps", 2, 0.1, 1e-5, g, b, xs, training)
    mine = got.get("outputs") if isinstance(got, dict) else None
    want = _simulate(2, 0.1, 1e-5, g, b, xs, training)["outputs"][0]
    t.note(plot=plots.heatmaps(
        "The training step: each feature (column) of the batch normalised to mean 0, var 1",
        {"yours": mine[0] if isinstance(mine, list) and mine else None, "expected": want},
        x_label="feature", y_label="example"))
    _judge(t, got, 2, 0.1, 1e-5, g, b, xs, training)


@check(points=2)
def training_output(t):
    """One training step on a (16, 5) batch with random gamma and beta."""
    D = 5
    g, b = _params(t.rng, D)
    xs = [_batch(t.rng, 16, D)]
    got = yield t.probe("run_steps", D, 0.1, 1e-5, g, b, xs, [True])
    _judge(t, got, D, 0.1, 1e-5, g, b, xs, [True])


@check(points=3)
def running_statistics(t):
    """Four training steps with momentum 0.3 on batches of 8: the running mean and (unbiased)
    running variance follow the exponential moving average exactly."""
    D = 4
    g, b = _params(t.rng, D)
    xs = [_batch(t.rng, 8, D) for _ in range(4)]
    got = yield t.probe("run_steps", D, 0.3, 1e-5, g, b, xs, [True] * 4)
    _judge(t, got, D, 0.3, 1e-5, g, b, xs, [True] * 4)


@check(points=3)
def eval_uses_running_stats(t):
    """Three training steps, then eval on new data: eval normalises with the running statistics
    and leaves them unchanged."""
    D = 6
    g, b = _params(t.rng, D)
    xs = [_batch(t.rng, 10, D) for _ in range(3)] + [_batch(t.rng, 5, D), _batch(t.rng, 7, D)]
    training = [True, True, True, False, False]
    got = yield t.probe("run_steps", D, 0.2, 1e-3, g, b, xs, training)
    _judge(t, got, D, 0.2, 1e-3, g, b, xs, training)


@check(points=1)
def eval_single_sample(t):
    """After training, eval on one sample at a time works (a batch of one has no variance)."""
    D = 3
    g, b = _params(t.rng, D)
    xs = [_batch(t.rng, 6, D), _batch(t.rng, 1, D)]
    got = yield t.probe("run_steps", D, 0.1, 1e-5, g, b, xs, [True, False])
    _judge(t, got, D, 0.1, 1e-5, g, b, xs, [True, False])
