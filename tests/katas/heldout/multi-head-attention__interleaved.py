# kata: multi-head-attention
# bug: interleav
import numpy as np


def multi_head_attention(x, Wq, Wk, Wv, Wo, n_heads, causal=False):
    B, T, C = x.shape
    hd = C // n_heads
    heads = []
    for h in range(n_heads):
        cols = np.arange(h, C, n_heads)
        q, k, v = (x @ W[:, cols] for W in (Wq, Wk, Wv))
        s = q @ np.swapaxes(k, 1, 2) / np.sqrt(hd)
        if causal:
            s = s + np.triu(np.full((T, T), -np.inf), 1)
        s = np.exp(s - s.max(-1, keepdims=True))
        heads.append((s / s.sum(-1, keepdims=True)) @ v)
    return np.concatenate(heads, axis=-1) @ Wo
