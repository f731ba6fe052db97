"""Causal multi-head self-attention, in one pass and incrementally with a KV cache."""

import numpy as np


def split_heads(x, n_heads):
    B, T, D = x.shape
    assert D % n_heads == 0
    return x.reshape(B, T, n_heads, D // n_heads).transpose(0, 2, 1, 3)  # (B, H, T, dh)


def merge_heads(x):
    B, H, T, dh = x.shape
    return x.transpose(0, 2, 1, 3).reshape(B, T, H * dh)  # (B, T, D)


def attend(q, k, v, offset):
    """Query i sits at position offset + i and sees keys 0 .. offset + i."""
    S, L = q.shape[-2], k.shape[-2]  # q (B, H, S, dh); k, v (B, H, L, dh)
    assert offset + S == L
    scores = q @ k.swapaxes(-1, -2) / np.sqrt(q.shape[-1])  # (B, H, S, L)
    allowed = np.arange(L)[None, :] <= offset + np.arange(S)[:, None]  # (S, L)
    scores = np.where(allowed, scores, -np.inf)
    w = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return (w / w.sum(axis=-1, keepdims=True)) @ v  # (B, H, S, dh)


def causal_self_attention(x, Wq, Wk, Wv, Wo, n_heads):
    q, k, v = (split_heads(x @ W, n_heads) for W in (Wq, Wk, Wv))  # (B, H, T, dh) each
    return merge_heads(attend(q, k, v, offset=0)) @ Wo  # (B, T, D)


def decode_step(x_new, cache, Wq, Wk, Wv, Wo, n_heads):
    q, k, v = (split_heads(x_new @ W, n_heads) for W in (Wq, Wk, Wv))  # (B, H, S, dh) each
    offset = 0
    if cache is not None:
        k_old, v_old = cache  # (B, H, t, dh) each
        offset = k_old.shape[2]
        k = np.concatenate([k_old, k], axis=2)  # (B, H, t + S, dh)
        v = np.concatenate([v_old, v], axis=2)
    y = merge_heads(attend(q, k, v, offset)) @ Wo  # (B, S, D)
    return y, (k, v)
