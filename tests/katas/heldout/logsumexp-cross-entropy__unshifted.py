# kata: logsumexp-cross-entropy
# bug: overflow|max|unstable|exp
import numpy as np


def logsumexp(x, axis=-1):
    return np.log(np.sum(np.exp(np.asarray(x, float)), axis=axis))


def log_softmax(x, axis=-1):
    x = np.asarray(x, float)
    return x - np.expand_dims(logsumexp(x, axis), axis)


def cross_entropy(logits, y):
    lp = log_softmax(logits)
    return float(-np.mean(lp[np.arange(len(y)), y]))
