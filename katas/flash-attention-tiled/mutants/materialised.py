"""Mutant: right numbers, but the whole T x T score matrix at once."""

import numpy as np


def flash_attention(q, k, v, block_size, causal=False):
    s = q @ k.T / np.sqrt(q.shape[1])  # BUG: (Tq, Tk) in memory
    if causal:
        s = np.where(np.tril(np.ones(s.shape, dtype=bool)), s, -np.inf)
    m = s.max(axis=1, keepdims=True)
    e = np.exp(s - m)
    total = e.sum(axis=1, keepdims=True)
    return e @ v / total, (m + np.log(total))[:, 0]
