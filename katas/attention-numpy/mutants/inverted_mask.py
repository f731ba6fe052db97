import numpy as np


def softmax(x, axis=-1):
    z = x - np.max(x, axis=axis, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)


def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    if mask is not None:
        mask = np.broadcast_to(mask, scores.shape)
        scores = np.where(mask, -np.inf, scores)  # BUG: True treated as "blocked"
        top = np.max(scores, axis=-1, keepdims=True)
        e = np.where(~mask, np.exp(scores - np.where(np.isfinite(top), top, 0)), 0.0)
        s = e.sum(-1, keepdims=True)
        w = np.divide(e, s, out=np.zeros_like(e), where=s > 0)
        return w @ v, w
    w = softmax(scores)
    return w @ v, w
