"""logsumexp and softmax with the max-shift trick."""

import numpy as np


def logsumexp(x, axis=-1):
    x = np.asarray(x, dtype=np.float64)
    m = np.max(x, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)  # an all -inf slice: avoid -inf - -inf = nan
    s = np.sum(np.exp(x - m), axis=axis, keepdims=True)  # every term <= 1: no overflow
    with np.errstate(divide="ignore"):  # log(0) = -inf is the right answer there
        out = m + np.log(s)
    return np.squeeze(out, axis=axis)


def softmax(x, axis=-1):
    x = np.asarray(x, dtype=np.float64)
    z = np.exp(x - np.max(x, axis=axis, keepdims=True))  # the largest term is exactly 1
    return z / np.sum(z, axis=axis, keepdims=True)
