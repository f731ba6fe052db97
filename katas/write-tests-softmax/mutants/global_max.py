"""shifts every slice by the max of the whole array, so small slices underflow"""

import numpy as np


def logsumexp(x, axis=-1):
    x = np.asarray(x, dtype=np.float64)
    m = np.max(x)
    m = m if np.isfinite(m) else 0.0
    with np.errstate(divide="ignore"):
        return m + np.log(np.sum(np.exp(x - m), axis=axis))


def softmax(x, axis=-1):
    x = np.asarray(x, dtype=np.float64)
    z = np.exp(x - np.max(x))
    with np.errstate(invalid="ignore"):
        return z / np.sum(z, axis=axis, keepdims=True)
