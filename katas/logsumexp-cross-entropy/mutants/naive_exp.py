import numpy as np


def logsumexp(x, axis=-1):
    return np.log(np.sum(np.exp(x), axis=axis))  # BUG: exp overflows for large logits


def log_softmax(x, axis=-1):
    return x - np.expand_dims(logsumexp(x, axis), axis)


def _cross_entropy(logits, y):
    return float(-np.mean(log_softmax(logits)[np.arange(len(y)), y]))


# The kata's variant (kata.toml [variants]) says how the batch is reduced.
REDUCTION = "mean"  # or "sum"


def cross_entropy(logits, y):
    mean = _cross_entropy(logits, y)
    return mean if REDUCTION == "mean" else mean * len(y)
