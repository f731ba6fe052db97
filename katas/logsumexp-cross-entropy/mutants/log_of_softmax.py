import numpy as np


def logsumexp(x, axis=-1):
    m = np.max(x, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    return np.squeeze(m + np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True)), axis)


def log_softmax(x, axis=-1):
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return np.log(e / e.sum(axis=axis, keepdims=True))  # BUG: softmax underflows to 0, log(0) = -inf


def _cross_entropy(logits, y):
    return float(-np.mean(log_softmax(logits)[np.arange(len(y)), y]))


# The kata's variant (kata.toml [variants]) says how the batch is reduced.
REDUCTION = "mean"  # or "sum"


def cross_entropy(logits, y):
    mean = _cross_entropy(logits, y)
    return mean if REDUCTION == "mean" else mean * len(y)
