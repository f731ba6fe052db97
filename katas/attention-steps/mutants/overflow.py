import numpy as np


def softmax(x):
    e = np.exp(x)  # BUG: overflows for large logits
    return e / e.sum(axis=-1, keepdims=True)


def attention(q, k, v):
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    w = softmax(scores)
    return w @ v, w
