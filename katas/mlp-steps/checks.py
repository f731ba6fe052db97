"""Checks for mlp-steps, part 1. Trusted: never enters the sandbox."""

import numpy as np

from graders.kit import check

TOL = {"rtol": 1e-6, "atol": 1e-9}


def params(rng, d=5, h=7, c=4):
    return (rng.standard_normal((d, h)) / np.sqrt(d), 0.5 * rng.standard_normal(h),
            rng.standard_normal((h, c)) / np.sqrt(h), 0.5 * rng.standard_normal(c))


def problem(rng, n=12, d=5, c=4):
    x = rng.standard_normal((n, d))
    y = rng.integers(0, c, size=n)
    y[:c] = np.arange(c)  # every class appears
    return x, y


@check(points=1, visible=True)
def worked_example(t):
    """cross_entropy of equal logits over 2 classes is log 2; a tiny forward pass."""
    x = np.array([[1.0, -2.0]])
    W1, b1 = np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([0.0, 0.5])
    W2, b2 = np.array([[2.0], [3.0]]), np.array([0.25])
    got = yield [t.call("cross_entropy", np.array([[0.0, 0.0]]), np.array([1])),
                 t.call("mlp_forward", x, W1, b1, W2, b2)]
    t.close(t.number(got[0], "cross_entropy"), np.log(2.0), what="cross_entropy", **TOL)
    t.close(got[1], t.ref.mlp_forward(x, W1, b1, W2, b2), what="logits", **TOL)


@check(points=2)
def forward_random(t):
    """Logits of a random (12, 5) batch through a (5, 7, 4) network."""
    x, _ = problem(t.rng)
    W1, b1, W2, b2 = params(t.rng)
    got = yield t.call("mlp_forward", x, W1, b1, W2, b2)
    h = x @ W1 + b1
    t.close(got, t.ref.mlp_forward(x, W1, b1, W2, b2), what="logits", **TOL, bugs={
        "no ReLU on the hidden layer": h @ W2 + b2,
        "hidden bias b1 left out": np.maximum(0, x @ W1) @ W2 + b2,
        "ReLU applied to the output logits too":
            np.maximum(0, t.ref.mlp_forward(x, W1, b1, W2, b2)),
    })


@check(points=2)
def loss_random(t):
    """The mean cross-entropy of random logits and labels."""
    _, y = problem(t.rng)
    logits = 3 * t.rng.standard_normal((12, 4))
    got = yield t.call("cross_entropy", logits, y)
    lsm = t.ref.log_softmax(logits)[np.arange(12), y]
    t.close(t.number(got, "cross_entropy"), t.ref.cross_entropy(logits, y),
            what="cross_entropy", **TOL,
            bugs={"summed over the batch instead of averaged": -lsm.sum(),
                  "sign flipped": lsm.mean()})


@check(points=2)
def loss_large_logits(t):
    """Logits around ±1e3: the loss stays finite and exact."""
    _, y = problem(t.rng)
    logits = 1e3 * t.rng.standard_normal((12, 4))
    got = yield t.call("cross_entropy", logits, y)
    t.close(t.number(got, "cross_entropy"), t.ref.cross_entropy(logits, y),
            what="cross_entropy of large logits", **TOL)
