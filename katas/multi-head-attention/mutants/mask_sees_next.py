import numpy as np


def multi_head_attention(x, Wq, Wk, Wv, Wo, n_heads, causal=False):
    B, T, C = x.shape
    d = C // n_heads
    q = (x @ Wq).reshape(B, T, n_heads, d).transpose(0, 2, 1, 3)
    k = (x @ Wk).reshape(B, T, n_heads, d).transpose(0, 2, 1, 3)
    v = (x @ Wv).reshape(B, T, n_heads, d).transpose(0, 2, 1, 3)
    s = q @ k.transpose(0, 1, 3, 2) / np.sqrt(d)
    if causal:
        future = np.triu(np.ones((T, T), dtype=bool), k=2)  # BUG: k=1 — position i sees i+1
        s = np.where(future, -1e9, s)
    w = np.exp(s - s.max(-1, keepdims=True))
    w /= w.sum(-1, keepdims=True)
    return (w @ v).transpose(0, 2, 1, 3).reshape(B, T, C) @ Wo
