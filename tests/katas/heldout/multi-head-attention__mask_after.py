# kata: multi-head-attention
# bug: after the softmax
import numpy as np


def multi_head_attention(x, Wq, Wk, Wv, Wo, n_heads, causal=False):
    B, T, C = x.shape
    hd = C // n_heads
    heads = []
    for h in range(n_heads):
        sl = slice(h * hd, (h + 1) * hd)
        q, k, v = x @ Wq[:, sl], x @ Wk[:, sl], x @ Wv[:, sl]
        s = q @ np.swapaxes(k, 1, 2) / np.sqrt(hd)
        p = np.exp(s - s.max(-1, keepdims=True))
        p = p / p.sum(-1, keepdims=True)
        if causal:
            p = p * np.tril(np.ones((T, T)))
        heads.append(p @ v)
    return np.concatenate(heads, axis=-1) @ Wo
