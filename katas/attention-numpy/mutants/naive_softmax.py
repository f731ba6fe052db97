import numpy as np


def softmax(x, axis=-1):
    e = np.exp(x)  # BUG: overflows for large logits
    return e / e.sum(axis=axis, keepdims=True)


def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    w = softmax(scores)
    w = np.nan_to_num(w)
    return w @ v, w
