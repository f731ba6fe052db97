import numpy as np


def multi_head_attention(x, Wq, Wk, Wv, Wo, n_heads, causal=False):
    B, T, C = x.shape
    d = C // n_heads
    q = (x @ Wq).reshape(B, T, n_heads, d).transpose(0, 2, 1, 3)
    k = (x @ Wk).reshape(B, T, n_heads, d).transpose(0, 2, 1, 3)
    v = (x @ Wv).reshape(B, T, n_heads, d).transpose(0, 2, 1, 3)
    s = q @ k.transpose(0, 1, 3, 2) / np.sqrt(d)
    if causal:
        s = np.where(np.tril(np.ones((T, T), dtype=bool)), s, -np.inf)
    w = np.exp(s - s.max(-1, keepdims=True))
    w /= w.sum(-1, keepdims=True)
    out = (w @ v).reshape(B, T, C)  # BUG: (B, H, T, d) merged without transposing to (B, T, H, d)
    return out @ Wo
