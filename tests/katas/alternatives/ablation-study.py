import math
import statistics

import numpy as np

# ---- The method, as given. Keep this part unchanged: run(True, seed) must reproduce it. ----
HIDDEN, STEPS, LR, MOMENTUM, WEIGHT_DECAY = 16, 150, 0.1, 0.9, 1e-3


def make_data(rng, n_train=200, n_test=200):
    """A noisy parabola boundary in 2-D, with raw features on very different scales."""
    X = rng.standard_normal((n_train + n_test, 2))
    y = (X[:, 1] > X[:, 0] ** 2 - 1 + 0.3 * rng.standard_normal(len(X))).astype(float)
    X = X * np.array([40.0, 0.05]) + np.array([100.0, -2.0])
    return X[:n_train], y[:n_train], X[n_train:], y[n_train:]


def init_params(rng, d_in, hidden):
    return {"W1": rng.standard_normal((d_in, hidden)) / np.sqrt(d_in), "b1": np.zeros(hidden),
            "w2": rng.standard_normal(hidden) / np.sqrt(hidden), "b2": np.zeros(())}


def loss_and_grads(params, X, y):
    """Mean binary cross-entropy of a one-hidden-layer tanh network, and its gradients."""
    h = np.tanh(X @ params["W1"] + params["b1"])  # (n, hidden)
    logits = h @ params["w2"] + params["b2"]  # (n,)
    loss = np.mean(np.logaddexp(0.0, logits) - y * logits)
    d_logits = (0.5 * (1 + np.tanh(logits / 2)) - y) / len(y)  # sigmoid(logits) - y, averaged
    d_h = np.outer(d_logits, params["w2"]) * (1 - h**2)
    grads = {"W1": X.T @ d_h, "b1": d_h.sum(0), "w2": h.T @ d_logits, "b2": d_logits.sum()}
    return float(loss), grads


def train_and_evaluate(seed):
    """The method: standardised inputs, an MLP trained by SGD with momentum and weight decay.
    Returns the held-out cross-entropy (lower is better)."""
    rng = np.random.default_rng(seed)
    X_train, y_train, X_test, y_test = make_data(rng)
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)  # input standardisation,
    X_train, X_test = (X_train - mean) / std, (X_test - mean) / std  # training statistics only
    params = init_params(rng, X_train.shape[1], HIDDEN)
    velocity = {k: np.zeros_like(v) for k, v in params.items()}
    for _ in range(STEPS):
        _, grads = loss_and_grads(params, X_train, y_train)
        for k in params:
            g = grads[k] + WEIGHT_DECAY * params[k]  # weight decay
            velocity[k] = MOMENTUM * velocity[k] + g  # momentum
            params[k] = params[k] - LR * velocity[k]
    return loss_and_grads(params, X_test, y_test)[0]
# ---- end of the given method ----


# Written differently from the reference: the ablation as a transform hook, stdlib statistics.


def _identity(X_train, X_test):
    return X_train, X_test


def _standardise(X_train, X_test):
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    return (X_train - mean) / std, (X_test - mean) / std


def _train(seed, preprocess):
    rng = np.random.default_rng(seed)
    X_train, y_train, X_test, y_test = make_data(rng)
    X_train, X_test = preprocess(X_train, X_test)
    params = init_params(rng, X_train.shape[1], HIDDEN)
    velocity = {k: np.zeros_like(v) for k, v in params.items()}
    for _ in range(STEPS):
        grads = loss_and_grads(params, X_train, y_train)[1]
        for k in params:
            velocity[k] = MOMENTUM * velocity[k] + (grads[k] + WEIGHT_DECAY * params[k])
            params[k] = params[k] - LR * velocity[k]
    return loss_and_grads(params, X_test, y_test)[0]


def run(component_enabled, seed):
    return _train(seed, _standardise if component_enabled else _identity)


def compare(results_on, results_off):
    out = {}
    for arm, xs in (("on", list(results_on)), ("off", list(results_off))):
        out[f"mean_{arm}"] = statistics.fmean(xs)
        out[f"std_{arm}"] = statistics.stdev(xs)
        out[f"se_{arm}"] = out[f"std_{arm}"] / math.sqrt(len(xs))
    out["diff"] = out["mean_on"] - out["mean_off"]
    margin = 1.96 * math.hypot(out["se_on"], out["se_off"])
    out["ci_low"], out["ci_high"] = out["diff"] - margin, out["diff"] + margin
    return out
