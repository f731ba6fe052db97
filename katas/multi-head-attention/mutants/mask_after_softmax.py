import numpy as np


def multi_head_attention(x, Wq, Wk, Wv, Wo, n_heads, causal=False):
    B, T, C = x.shape
    assert C % n_heads == 0, "n_heads must divide the model width"
    assert Wq.shape == Wk.shape == Wv.shape == Wo.shape == (C, C)
    d = C // n_heads  # width of one head

    def split_heads(a):  # (B, T, C) -> (B, H, T, d): head h owns channels h*d:(h+1)*d
        return a.reshape(B, T, n_heads, d).transpose(0, 2, 1, 3)

    q, k, v = split_heads(x @ Wq), split_heads(x @ Wk), split_heads(x @ Wv)  # (B, H, T, d)
    scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(d)  # (B, H, T, T)
    if causal:
        future = np.triu(np.ones((T, T), dtype=bool), k=1)  # key j > query i
    scores = scores - scores.max(axis=-1, keepdims=True)
    weights = np.exp(scores)
    weights = weights / weights.sum(axis=-1, keepdims=True)  # (B, H, T, T)
    if causal:
        weights = np.where(future, 0.0, weights)  # BUG: causal mask applied after the softmax, rows no longer sum to 1
    out = weights @ v  # (B, H, T, d)
    out = out.transpose(0, 2, 1, 3).reshape(B, T, C)  # merge heads back: (B, T, C)
    return out @ Wo  # (B, T, C)
