import numpy as np


def softmax(x):
    x = np.asarray(x, dtype=np.float64)
    shifted = x - np.max(x, axis=-1, keepdims=True)
    return np.exp(shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True)))


def attention(q, k, v):
    scores = np.einsum("...qd,...kd->...qk", q, k) / np.sqrt(q.shape[-1])
    weights = softmax(scores)
    return np.einsum("...qk,...kv->...qv", weights, v), weights


def causal_attention(q, k, v):
    t = q.shape[-2]
    future = np.arange(t)[None, :] > np.arange(t)[:, None]
    scores = np.einsum("...qd,...kd->...qk", q, k) / np.sqrt(q.shape[-1])
    weights = softmax(scores - 1e30 * future)  # exp underflows to exactly 0
    return np.einsum("...qk,...kv->...qv", weights, v), weights
