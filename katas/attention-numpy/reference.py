"""Scaled dot-product attention, the way a textbook would write it."""

import numpy as np


def softmax(x, axis=-1):
    x = np.asarray(x, dtype=np.float64)
    z = x - np.max(x, axis=axis, keepdims=True)  # shift: exp never overflows
    e = np.exp(z)
    return e / np.sum(e, axis=axis, keepdims=True)


def scaled_dot_product_attention(q, k, v, mask=None):
    d_k = q.shape[-1]
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(d_k)  # (..., Lq, Lk)
    if mask is None:
        return softmax(scores, axis=-1) @ v, softmax(scores, axis=-1)
    mask = np.broadcast_to(mask, scores.shape)
    scores = np.where(mask, scores, -np.inf)
    top = np.max(scores, axis=-1, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0)  # fully masked rows: avoid inf - inf
    e = np.where(mask, np.exp(scores - top), 0.0)
    total = np.sum(e, axis=-1, keepdims=True)
    weights = np.divide(e, total, out=np.zeros_like(e), where=total > 0)  # (..., Lq, Lk)
    return weights @ v, weights  # (..., Lq, dv), (..., Lq, Lk)
