"""multi-head-attention written differently: float32, einsum, a per-head loop, additive mask."""

import numpy as np


def multi_head_attention(x, Wq, Wk, Wv, Wo, n_heads, causal=False):
    x = np.asarray(x, dtype=np.float32)
    T, C = x.shape[1], x.shape[2]
    d = C // n_heads
    q, k, v = (np.einsum("btc,cd->btd", x, np.asarray(W, np.float32)) for W in (Wq, Wk, Wv))
    bias = np.zeros((T, T), dtype=np.float32)
    if causal:
        bias[np.triu_indices(T, 1)] = -np.inf
    heads = []
    for h in range(n_heads):
        cols = slice(h * d, (h + 1) * d)
        s = np.einsum("bid,bjd->bij", q[..., cols], k[..., cols]) / np.float32(np.sqrt(d)) + bias
        p = np.exp(s - s.max(axis=-1, keepdims=True))
        p /= p.sum(axis=-1, keepdims=True)
        heads.append(np.einsum("bij,bjd->bid", p, v[..., cols]))
    return np.concatenate(heads, axis=-1) @ np.asarray(Wo, np.float32)
