"""Mutant."""

import numpy as np


def sliding_window_attention(q, k, v, window):
    T, d = q.shape[-2:]
    diff = np.arange(T)[:, None] - np.arange(T)[None, :]
    allowed = (diff >= 0) & (diff < window)  # BUG: right values, but a T x T matrix
    s = np.where(allowed, q @ np.swapaxes(k, -1, -2) / np.sqrt(d), -np.inf)
    w = np.exp(s - s.max(-1, keepdims=True))
    return (w / w.sum(-1, keepdims=True)) @ v
