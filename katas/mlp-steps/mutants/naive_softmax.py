import numpy as np


def mlp_forward(x, W1, b1, W2, b2):
    return np.maximum(0.0, x @ W1 + b1) @ W2 + b2


def cross_entropy(logits, y):
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)  # BUG: overflows
    return float(-np.log(p[np.arange(len(y)), y]).mean())
