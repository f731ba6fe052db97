# kata: logsumexp-cross-entropy
# bug: sum|mean
import numpy as np


def logsumexp(x, axis=-1):
    x = np.asarray(x, float)
    m = np.max(x, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    with np.errstate(divide="ignore"):
        return np.squeeze(m, axis) + np.log(np.sum(np.exp(x - m), axis=axis))


def log_softmax(x, axis=-1):
    x = np.asarray(x, float)
    return x - np.expand_dims(logsumexp(x, axis), axis)


def cross_entropy(logits, y):
    lp = log_softmax(logits)
    return float(-sum(lp[i, c] for i, c in enumerate(y)))
