"""linear-attention-causal written differently: an explicit recurrence over positions (the RNN
view) for the O(T) form, and einsum with a boolean mask for the quadratic one."""

import numpy as np


def feature_map(x):
    x = np.asarray(x, dtype=float)
    out = x + 1.0
    neg = x <= 0
    out[neg] = np.exp(x[neg])
    return out


def linear_attention_quadratic(q, k, v):
    fq, fk = feature_map(q), feature_map(k)
    T = q.shape[-2]
    sim = np.einsum("...id,...jd->...ij", fq, fk)
    sim = np.where(np.arange(T)[None, :] <= np.arange(T)[:, None], sim, 0.0)
    return np.einsum("...ij,...je->...ie", sim, v) / sim.sum(-1)[..., None]


def linear_attention_causal(q, k, v):
    fq, fk = feature_map(q), feature_map(k)
    batch, T, d, dv = q.shape[:-2], q.shape[-2], q.shape[-1], v.shape[-1]
    state = np.zeros((*batch, d, dv))
    norm = np.zeros((*batch, d))
    out = np.empty((*batch, T, dv))
    for i in range(T):
        state += fk[..., i, :, None] * v[..., i, None, :]
        norm += fk[..., i, :]
        num = np.einsum("...d,...de->...e", fq[..., i, :], state)
        out[..., i, :] = num / np.einsum("...d,...d->...", fq[..., i, :], norm)[..., None]
    return out
