"""kv-cache-decoding written differently: one head at a time, einsum, a log-sum-exp softmax,
and the full pass built from the cached step."""

import numpy as np


def _one_head(q, k, v, first):
    # q (B, S, dh) at positions first.., k and v (B, L, dh)
    s = np.einsum("bsd,bld->bsl", q, k) / np.sqrt(q.shape[-1])
    pos_q = first + np.arange(q.shape[1])
    s[:, pos_q[:, None] < np.arange(k.shape[1])[None, :]] = -np.inf
    lse = np.logaddexp.reduce(s, axis=-1, keepdims=True)
    return np.einsum("bsl,bld->bsd", np.exp(s - lse), v)


def decode_step(x_new, cache, Wq, Wk, Wv, Wo, n_heads):
    B, S, D = x_new.shape
    dh = D // n_heads
    q, k, v = x_new @ Wq, x_new @ Wk, x_new @ Wv
    k_heads = np.stack([k[..., h * dh:(h + 1) * dh] for h in range(n_heads)], axis=1)
    v_heads = np.stack([v[..., h * dh:(h + 1) * dh] for h in range(n_heads)], axis=1)
    if cache is not None:
        k_heads = np.concatenate((cache[0], k_heads), axis=2)
        v_heads = np.concatenate((cache[1], v_heads), axis=2)
    first = k_heads.shape[2] - S
    outs = [_one_head(q[..., h * dh:(h + 1) * dh], k_heads[:, h], v_heads[:, h], first)
            for h in range(n_heads)]
    return np.concatenate(outs, axis=-1) @ Wo, (k_heads, v_heads)


def causal_self_attention(x, Wq, Wk, Wv, Wo, n_heads):
    y, _ = decode_step(x, None, Wq, Wk, Wv, Wo, n_heads)
    return y
