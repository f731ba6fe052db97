import numpy as np


def multi_head_attention(x, Wq, Wk, Wv, Wo, n_heads, causal=False):
    B, T, C = x.shape
    d = C // n_heads
    q = (x @ Wq).reshape(B, n_heads, T, d)  # BUG: reshape without transpose mixes T and C
    k = (x @ Wk).reshape(B, n_heads, T, d)
    v = (x @ Wv).reshape(B, n_heads, T, d)
    s = q @ k.transpose(0, 1, 3, 2) / np.sqrt(d)
    if causal:
        s = np.where(np.tril(np.ones((T, T), dtype=bool)), s, -np.inf)
    w = np.exp(s - s.max(-1, keepdims=True))
    w /= w.sum(-1, keepdims=True)
    return (w @ v).reshape(B, T, C) @ Wo
