"""no max shift: exp overflows for large inputs"""

import numpy as np


def logsumexp(x, axis=-1):
    return np.log(np.sum(np.exp(np.asarray(x, dtype=np.float64)), axis=axis))


def softmax(x, axis=-1):
    e = np.exp(np.asarray(x, dtype=np.float64))
    return e / np.sum(e, axis=axis, keepdims=True)
