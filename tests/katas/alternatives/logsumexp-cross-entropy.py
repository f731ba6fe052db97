"""logsumexp-cross-entropy written differently: np.logaddexp.reduce, float32 log-softmax,
take_along_axis for the labels."""

import numpy as np


def logsumexp(x, axis=-1):
    return np.logaddexp.reduce(np.asarray(x, dtype=np.float64), axis=axis)


def log_softmax(x, axis=-1):
    x = np.asarray(x, dtype=np.float64)
    out = x - np.expand_dims(logsumexp(x, axis=axis), axis)
    return out.astype(np.float32)


def _cross_entropy(logits, y):
    logits = np.asarray(logits, dtype=np.float64)
    lse = logsumexp(logits, axis=1)  # (N,)
    picked = np.take_along_axis(logits, np.asarray(y)[:, None], axis=1)[:, 0]  # (N,)
    return np.mean(lse - picked)


# The kata's variant (kata.toml [variants]) says how the batch is reduced.
REDUCTION = "mean"  # or "sum"


def cross_entropy(logits, y):
    mean = _cross_entropy(logits, y)
    return mean if REDUCTION == "mean" else mean * len(y)
