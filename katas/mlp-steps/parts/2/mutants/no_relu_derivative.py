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
    h = np.maximum(0.0, x @ W1 + b1)
    d = np.exp(log_softmax(h @ W2 + b2))
    d[np.arange(n), y] -= 1.0
    d /= n
    dh = d @ W2.T  # BUG: ReLU derivative missing
    return {"W1": x.T @ dh, "b1": dh.sum(axis=0), "W2": h.T @ d, "b2": d.sum(axis=0)}
