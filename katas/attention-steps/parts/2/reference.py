import numpy as np


def softmax(x):
    x = np.asarray(x, dtype=np.float64)
    z = x - x.max(axis=-1, keepdims=True)  # exp never overflows
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def attention(q, k, v):
    d_k = q.shape[-1]
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(d_k)  # (..., T_q, T_k)
    weights = softmax(scores)
    return weights @ v, weights  # (..., T_q, d_v), (..., T_q, T_k)


def causal_attention(q, k, v):
    t = q.shape[-2]
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])  # (..., T, T)
    allowed = np.tril(np.ones((t, t), dtype=bool))  # j <= i
    weights = softmax(np.where(allowed, scores, -np.inf))
    return weights @ v, weights
