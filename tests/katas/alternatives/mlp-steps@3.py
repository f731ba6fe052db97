import numpy as np


def mlp_forward(x, W1, b1, W2, b2):
    hidden = np.where(x @ W1 + b1 > 0, x @ W1 + b1, 0.0)
    return np.einsum("nh,hc->nc", hidden, W2) + b2


def cross_entropy(logits, y):
    top = np.max(logits, axis=1)
    lse = top + np.log(np.sum(np.exp(logits - top[:, None]), axis=1))
    picked = np.take_along_axis(logits, y[:, None], axis=1)[:, 0]
    return float(np.mean(lse - picked))


def mlp_backward(x, y, W1, b1, W2, b2):
    n, c = x.shape[0], W2.shape[1]
    pre = x @ W1 + b1
    active = (pre > 0).astype(np.float64)
    hidden = pre * active
    logits = hidden @ W2 + b2
    probs = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    g_logits = (probs - np.eye(c)[y]) / n
    g_hidden = np.einsum("nc,hc->nh", g_logits, W2) * active
    return {"W2": np.einsum("nh,nc->hc", hidden, g_logits), "b2": g_logits.sum(0),
            "W1": np.einsum("nd,nh->dh", x, g_hidden), "b1": g_hidden.sum(0)}


def sgd_step(params, x, y, lr):
    names = ("W1", "b1", "W2", "b2")
    old = [np.array(params[k], dtype=np.float64) for k in names]
    logits = mlp_forward(x, *old)
    loss = cross_entropy(logits, y)
    grads = mlp_backward(x, y, *old)
    new = {}
    for name, value in zip(names, old, strict=True):
        value -= lr * grads[name]  # a copy: the caller's arrays are untouched
        new[name] = value
    return new, loss
