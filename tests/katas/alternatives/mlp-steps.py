import numpy as np


def mlp_forward(x, W1, b1, W2, b2):
    hidden = np.where(x @ W1 + b1 > 0, x @ W1 + b1, 0.0)
    return np.einsum("nh,hc->nc", hidden, W2) + b2


def cross_entropy(logits, y):
    top = np.max(logits, axis=1)
    lse = top + np.log(np.sum(np.exp(logits - top[:, None]), axis=1))
    picked = np.take_along_axis(logits, y[:, None], axis=1)[:, 0]
    return float(np.mean(lse - picked))
