import numpy as np


def mlp_forward(x, W1, b1, W2, b2):
    h = x @ W1 + b1  # BUG: no ReLU on the hidden layer
    return h @ W2 + b2


def cross_entropy(logits, y):
    z = logits - logits.max(axis=1, keepdims=True)
    lsm = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return float(-lsm[np.arange(len(y)), y].mean())
