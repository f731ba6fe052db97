import numpy as np


def mlp_forward(x, W1, b1, W2, b2):
    h = np.maximum(0.0, x @ W1 + b1)  # (N, H)
    return h @ W2 + b2  # (N, C)


def log_softmax(z):
    z = z - z.max(axis=1, keepdims=True)  # exp never overflows
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def cross_entropy(logits, y):
    n = logits.shape[0]
    return float(-log_softmax(logits)[np.arange(n), y].mean())


def mlp_backward(x, y, W1, b1, W2, b2):
    n = x.shape[0]
    pre = x @ W1 + b1  # (N, H)
    h = np.maximum(0.0, pre)
    logits = h @ W2 + b2  # (N, C)
    dlogits = np.exp(log_softmax(logits))
    dlogits[np.arange(n), y] -= 1.0
    dlogits /= n  # the loss is a mean
    dh = dlogits @ W2.T * (pre > 0)  # ReLU passes gradient where its input is positive
    return {"W1": x.T @ dh, "b1": dh.sum(axis=0), "W2": h.T @ dlogits, "b2": dlogits.sum(axis=0)}


def sgd_step(params, x, y, lr):
    p = params
    loss = cross_entropy(mlp_forward(x, p["W1"], p["b1"], p["W2"], p["b2"]), y)
    grads = mlp_backward(x, y, p["W1"], p["b1"], p["W2"], p["b2"])  # at the old parameters
    return {k: p[k] - lr * grads[k] for k in ("W1", "b1", "W2", "b2")}, loss
