# kata: multi-head-attention
# bug: query axis
import numpy as np


def multi_head_attention(x, Wq, Wk, Wv, Wo, n_heads, causal=False):
    B, T, C = x.shape
    hd = C // n_heads
    heads = []
    for h in range(n_heads):
        sl = slice(h * hd, (h + 1) * hd)
        q, k, v = x @ Wq[:, sl], x @ Wk[:, sl], x @ Wv[:, sl]
        s = q @ np.swapaxes(k, 1, 2) / np.sqrt(hd)
        if causal:
            s = np.where(np.tril(np.ones((T, T), bool)), s, -1e30)
        s = np.exp(s - s.max(1, keepdims=True))
        heads.append((s / s.sum(1, keepdims=True)) @ v)
    return np.concatenate(heads, axis=-1) @ Wo
