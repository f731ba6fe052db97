import numpy as np


def logsumexp(x, axis=-1):
    m = np.max(x, axis=axis, keepdims=True)
    return np.log(np.sum(np.exp(x - m), axis=axis))  # BUG: forgot to add m back


def log_softmax(x, axis=-1):
    z = x - np.max(x, axis=axis, keepdims=True)
    return z - np.log(np.sum(np.exp(z), axis=axis, keepdims=True))


def _cross_entropy(logits, y):
    return float(-np.mean(log_softmax(logits)[np.arange(len(y)), y]))


# The kata's variant (kata.toml [variants]) says how the batch is reduced.
REDUCTION = "mean"  # or "sum"


def cross_entropy(logits, y):
    mean = _cross_entropy(logits, y)
    return mean if REDUCTION == "mean" else mean * len(y)
