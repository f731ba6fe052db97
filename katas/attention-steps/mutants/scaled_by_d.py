import numpy as np


def softmax(x):
    z = x - x.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def attention(q, k, v):
    scores = q @ np.swapaxes(k, -1, -2) / q.shape[-1]  # BUG: 1/d_k instead of 1/sqrt(d_k)
    w = softmax(scores)
    return w @ v, w
