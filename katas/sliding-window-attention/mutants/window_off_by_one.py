"""Mutant."""

import numpy as np


def _sliding_window_attention(q, k, v, window):
    T, d = q.shape[-2:]
    diff = np.arange(T)[:, None] - np.arange(T)[None, :]
    allowed = (diff >= 0) & (diff <= window)  # BUG: window + 1 keys
    s = np.where(allowed, q @ np.swapaxes(k, -1, -2) / np.sqrt(d), -np.inf)
    w = np.exp(s - s.max(-1, keepdims=True))
    return (w / w.sum(-1, keepdims=True)) @ v


# The kata's variant (kata.toml [variants]) says whether `window` counts the query itself.
WINDOW = "with_self"  # or "before_self": the query and `window` keys before it


def sliding_window_attention(q, k, v, window):
    keys = window if WINDOW == "with_self" else window + 1  # keys seen, the query's own included
    return _sliding_window_attention(q, k, v, keys)
