"""attention-numpy written differently: einsum, float32, an additive -inf mask, logsumexp."""

import numpy as np


def softmax(x, axis=-1):
    x = np.asarray(x, dtype=np.float32)
    m = x.max(axis=axis, keepdims=True)
    lse = m + np.log(np.exp(x - m).sum(axis=axis, keepdims=True))
    return np.exp(x - lse)


def scaled_dot_product_attention(q, k, v, mask=None):
    q, k, v = (np.asarray(a, dtype=np.float32) for a in (q, k, v))
    scores = np.einsum("...qd,...kd->...qk", q, k) * np.float32(1 / np.sqrt(q.shape[-1]))
    if mask is not None:
        keep = np.broadcast_to(mask, scores.shape)
        scores = np.where(keep, scores, -np.inf)
        any_key = keep.any(axis=-1, keepdims=True)
        scores = np.where(any_key, scores, 0.0)
        weights = np.where(any_key, softmax(scores), 0.0).astype(np.float32)
    else:
        weights = softmax(scores)
    return np.einsum("...qk,...kd->...qd", weights, v), weights
