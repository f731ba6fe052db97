"""Checks for backprop-mlp. Trusted: never enters the sandbox.

Gradients are compared with the reference's analytic ones; each classic mistake is
rebuilt here as the value it would produce, so a match names it.
"""

import numpy as np

from graders import compare, plots
from graders.kit import check

KEYS = ("W2", "b2", "W1", "b1")  # output layer first: the earliest wrong layer is reported


def _params(rng, D, H, C, scale=1.0):
    return {"W1": scale * rng.standard_normal((D, H)) / np.sqrt(D),
            "b1": 0.5 * rng.standard_normal(H),
            "W2": scale * rng.standard_normal((H, C)) / np.sqrt(H),
            "b2": 0.5 * rng.standard_normal(C)}


def _grads(x, params, dlogits, mask="a > 0", dw2_from="h", bias="sum"):
    """The gradients under one (possibly wrong) way of writing backward."""
    a = x @ params["W1"] + params["b1"]
    h = np.maximum(a, 0.0)
    local = {"a > 0": a > 0, "a >= 0": a >= 0, "none": np.ones_like(a), "h": h,
             "x @ W1 > 0": x @ params["W1"] > 0}[mask]
    da = (dlogits @ params["W2"].T) * local
    reduce = (lambda g: g.sum(0)) if bias == "sum" else (lambda g: g.mean(0))
    return {"W1": x.T @ da, "b1": reduce(da),
            "W2": (h if dw2_from == "h" else a).T @ dlogits, "b2": reduce(dlogits)}


def _grad_bugs(x, params, dlogits):
    """{bug name: gradients that bug would return}."""
    return {
        "ReLU gradient mask missing (gradient flows through negative pre-activations)":
            _grads(x, params, dlogits, mask="none"),
        "ReLU gradient multiplied by the activation h instead of the indicator (a > 0)":
            _grads(x, params, dlogits, mask="h"),
        "ReLU mask computed from x @ W1 without the bias b1":
            _grads(x, params, dlogits, mask="x @ W1 > 0"),
        "ReLU gradient taken as 1 at a = 0 (use a > 0, not a >= 0)":
            _grads(x, params, dlogits, mask="a >= 0"),
        "dW2 computed from the pre-activation a instead of h = relu(a)":
            _grads(x, params, dlogits, dw2_from="a"),
        "bias gradient averaged over the batch instead of summed":
            _grads(x, params, dlogits, bias="mean"),
    }


def _check_grads(t, got, want, bugs, N):
    got = t.mapping(got, list(want), "the gradients dict")
    for key in KEYS:
        g, w = got[key], want[key]
        shape = tuple(getattr(g, "shape", ()))
        if key[0] == "b" and shape == (N, w.shape[0]) and N != 1:
            t.fail(f"grads['{key}']: shape {shape}, expected {w.shape}: a bias is added to every "
                   "row, so its gradient is summed over the batch axis",
                   bug="bias gradient not summed over the batch")
        if key[0] == "W" and shape == w.shape[::-1] and w.shape[0] != w.shape[1]:
            t.fail(f"grads['{key}']: shape {shape}, expected {w.shape} (same as params['{key}']): "
                   "the weight gradient is transposed", bug="transposed weight gradient")
        t.close(g, w, what=f"grads['{key}']",
                bugs={name: variant[key] for name, variant in bugs.items()})


def _loss_value(t, got, what):
    value = float(compare.as_array(got, 0.0, what))
    if value == np.inf:
        t.fail(f"{what} is inf: a softmax probability underflowed to 0 and its log is -inf; "
               "compute log-softmax directly as z - logsumexp(z)",
               bug="log of softmax underflows (use log-softmax)")
    if not np.isfinite(value):
        t.fail(f"{what} is {value}: exp overflowed; subtract each row's max from the logits "
               "before exponentiating (log-sum-exp)",
               bug="unstable softmax: overflow for large logits")
    return value


def _loss_bugs(logits, y):
    N = logits.shape[0]
    z = logits - logits.max(1, keepdims=True)
    p = np.exp(z) / np.exp(z).sum(1, keepdims=True)
    onehot = np.eye(logits.shape[1])[y]
    return {
        "dlogits missing the 1/N of the mean (gradient of the summed loss)": p - onehot,
        "dlogits is the softmax without subtracting the one-hot labels": p / N,
        "dlogits sign flipped (one-hot minus softmax)": (onehot - p) / N,
    }


def _check_loss(t, got, logits, y, what):
    loss, dlogits = t.items(got, 2, f"{what} -> (loss, dlogits)")
    want_loss, want_d = t.ref.softmax_cross_entropy(logits, y)
    value = _loss_value(t, loss, "loss")
    if dlogits is not None and hasattr(dlogits, "shape"):
        d = compare.to_numpy(dlogits).astype(np.float64)
        if d.shape == want_d.shape and not np.all(np.isfinite(d)):
            t.fail("dlogits has NaN/Inf values: exp overflowed; subtract each row's max first",
                   bug="unstable softmax: overflow for large logits")
    N = logits.shape[0]
    t.close(value, want_loss, what="loss",
            bugs={"loss summed over the batch instead of averaged": want_loss * N})
    t.close(dlogits, want_d, what="dlogits", bugs=_loss_bugs(logits, y))


# -- visible: the worked examples


@check(points=1, visible=True)
def forward_worked_example(t):
    """relu and forward on the worked example from the statement."""
    x = np.array([[1.0, -1.0], [0.5, 2.0]])
    params = {"W1": np.array([[1.0, -1.0, 0.5], [0.0, 1.0, 1.0]]), "b1": np.array([0.0, 0.5, -1.0]),
              "W2": np.array([[1.0, 0.0], [-1.0, 1.0], [2.0, 0.5]]), "b2": np.array([0.1, -0.1])}
    r, logits = yield [t.call("relu", np.array([-2.0, 0.0, 3.0])),
                       t.probe("forward_logits", x, params)]
    t.close(r, np.array([0.0, 0.0, 3.0]), what="relu([-2, 0, 3])")
    t.close(logits, t.ref.forward(x, params)[0], what="logits", bugs={
        "ReLU not applied": (x @ params["W1"] + params["b1"]) @ params["W2"] + params["b2"]})


@check(points=1, visible=True)
def loss_worked_example(t):
    """softmax_cross_entropy on the worked example: loss and dlogits."""
    logits = np.array([[2.0, 1.0, 0.0], [0.0, 0.0, 0.0]])
    y = np.array([0, 2])
    got = yield t.call("softmax_cross_entropy", logits, y)
    _check_loss(t, got, logits, y, "softmax_cross_entropy(logits, y)")


@check(points=1, visible=True)
def backward_small(t):
    """backward on a small random example (N=3, D=2, H=4, C=3), given dlogits."""
    x = t.rng.standard_normal((3, 2))
    params = _params(t.rng, 2, 4, 3)
    dlogits = t.rng.standard_normal((3, 3)) / 3
    got = yield t.probe("backward_from", x, params, dlogits)
    want = t.ref.backward(dlogits, t.ref.forward(x, params)[1], params)
    t.note(plot=_grad_error_plot(got, want))
    _check_grads(t, got, want, _grad_bugs(x, params, dlogits), 3)


def _grad_error_plot(got, want):
    """Max |yours - expected| per parameter: where the gradient error concentrates."""
    errors = []
    for key in KEYS:
        try:
            g = np.asarray(got.get(key) if isinstance(got, dict) else None, dtype=np.float64)
            errors.append(float(np.max(np.abs(g - want[key]))) if g.shape == want[key].shape
                          else float("nan"))
        except (TypeError, ValueError):  # not numeric: the check itself says why
            errors.append(float("nan"))
    return plots.bars("Gradient error per parameter (max |yours - expected|; missing = wrong "
                      "shape)", KEYS, {"max abs error": errors}, y_label="max abs error")


# -- hidden


@check(points=1)
def forward_random(t):
    """forward on random (N=7, D=5, H=6, C=4) inputs."""
    x = t.rng.standard_normal((7, 5))
    params = _params(t.rng, 5, 6, 4)
    got = yield t.probe("forward_logits", x, params)
    t.close(got, t.ref.forward(x, params)[0], what="logits", bugs={
        "ReLU not applied": (x @ params["W1"] + params["b1"]) @ params["W2"] + params["b2"],
        "bias b2 not added": np.maximum(x @ params["W1"] + params["b1"], 0) @ params["W2"]})


@check(points=2)
def loss_random(t):
    """softmax_cross_entropy on random (N=8, C=5) logits: mean loss and its gradient."""
    logits = 2 * t.rng.standard_normal((8, 5))
    y = t.rng.integers(0, 5, size=8)
    got = yield t.call("softmax_cross_entropy", logits, y)
    _check_loss(t, got, logits, y, "softmax_cross_entropy(logits, y)")


@check(points=2)
def loss_large_logits(t):
    """Logits of magnitude ~1e3: the loss and dlogits stay finite and exact."""
    logits = 1e3 * t.rng.standard_normal((6, 4))
    logits[0] = 1000.0 + np.arange(4)
    y = t.rng.integers(0, 4, size=6)
    # Deterministically, a row whose true class sits >= 800 below the max: its softmax
    # probability underflows to 0, so log(softmax) is -inf on every seed, not by luck.
    logits[1] = 50.0 * t.rng.standard_normal(4)
    logits[1, y[1]] = logits[1].max() - 800.0 - 100.0 * t.rng.random()
    got = yield t.call("softmax_cross_entropy", logits, y)
    _check_loss(t, got, logits, y, "softmax_cross_entropy(large logits, y)")


@check(points=3)
def backward_random(t):
    """backward on random inputs with D, H, C all different (N=6, D=5, H=7, C=3)."""
    x = t.rng.standard_normal((6, 5))
    params = _params(t.rng, 5, 7, 3)
    dlogits = t.rng.standard_normal((6, 3)) / 6
    got = yield t.probe("backward_from", x, params, dlogits)
    want = t.ref.backward(dlogits, t.ref.forward(x, params)[1], params)
    _check_grads(t, got, want, _grad_bugs(x, params, dlogits), 6)


@check(points=1)
def backward_square(t):
    """backward with D = H = C = 4, where a transposed weight gradient has the right shape."""
    x = t.rng.standard_normal((5, 4))
    params = _params(t.rng, 4, 4, 4)
    dlogits = t.rng.standard_normal((5, 4)) / 5
    got = yield t.probe("backward_from", x, params, dlogits)
    want = t.ref.backward(dlogits, t.ref.forward(x, params)[1], params)
    bugs = _grad_bugs(x, params, dlogits)
    bugs["transposed weight gradient"] = {k: v.T for k, v in want.items()}
    _check_grads(t, got, want, bugs, 5)


@check(points=2)
def relu_gradient_at_zero(t):
    """Integer-valued inputs make many pre-activations exactly 0, where relu'(0) = 0."""
    x = t.rng.integers(-2, 3, size=(8, 3)).astype(np.float64)
    params = {"W1": t.rng.integers(-2, 3, size=(3, 6)).astype(np.float64),
              "b1": t.rng.integers(-1, 2, size=6).astype(np.float64),
              "W2": t.rng.standard_normal((6, 2)), "b2": t.rng.standard_normal(2)}
    x[0] = 0.0  # a whole row with a = b1, and b1[0] = 0: at least one a is exactly 0
    params["b1"][0] = 0.0
    a = x @ params["W1"] + params["b1"]  # (8, 6) integer-valued
    dlogits = t.rng.standard_normal((8, 2)) / 8
    r, got = yield [t.call("relu", a), t.probe("backward_from", x, params, dlogits)]
    t.close(r, np.maximum(a, 0.0), what="relu(a) on integer a")
    want = t.ref.backward(dlogits, t.ref.forward(x, params)[1], params)
    _check_grads(t, got, want, _grad_bugs(x, params, dlogits), 8)


@check(points=2)
def end_to_end(t):
    """forward -> softmax_cross_entropy -> backward on a random batch (N=16, D=4, H=10, C=3)."""
    x = t.rng.standard_normal((16, 4))
    y = t.rng.integers(0, 3, size=16)
    params = _params(t.rng, 4, 10, 3, scale=2.0)
    got = yield t.probe("loss_and_grads", x, y, params)
    got = t.mapping(got, ["loss", "grads"], "the chain's result")
    logits, cache = t.ref.forward(x, params)
    want_loss, dlogits = t.ref.softmax_cross_entropy(logits, y)
    t.close(_loss_value(t, got["loss"], "loss"), want_loss, what="loss",
            bugs={"loss summed over the batch instead of averaged": want_loss * 16})
    bugs = _grad_bugs(x, params, dlogits)
    bugs["dlogits missing the 1/N of the mean (every gradient N times too large)"] = \
        t.ref.backward(dlogits * 16, cache, params)
    _check_grads(t, got["grads"], t.ref.backward(dlogits, cache, params), bugs, 16)
