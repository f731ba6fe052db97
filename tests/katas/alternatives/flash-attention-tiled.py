"""flash-attention-tiled written differently: a running log-sum-exp and an always-normalised
output instead of (max, sum, unnormalised output), einsum tiles."""

import math

import numpy as np


def flash_attention(q, k, v, block_size, causal=False):
    n_q, n_k = len(q), len(k)
    scale = 1.0 / math.sqrt(q.shape[1])
    out = np.empty((n_q, v.shape[1]))
    lse_all = np.empty(n_q)
    for lo in range(0, n_q, block_size):
        hi = min(lo + block_size, n_q)
        lse = np.full(hi - lo, -np.inf)
        o = np.zeros((hi - lo, v.shape[1]))
        stop = hi if causal else n_k
        for klo in range(0, stop, block_size):
            khi = min(klo + block_size, n_k)
            s = scale * np.einsum("id,jd->ij", q[lo:hi], k[klo:khi])
            if causal and khi > lo:
                s[np.arange(lo, hi)[:, None] < np.arange(klo, khi)[None, :]] = -np.inf
            tile_lse = np.logaddexp.reduce(s, axis=1)
            new = np.logaddexp(lse, tile_lse)
            o = o * np.exp(lse - new)[:, None] + np.exp(s - new[:, None]) @ v[klo:khi]
            lse = new
        out[lo:hi], lse_all[lo:hi] = o, lse
    return out, lse_all
