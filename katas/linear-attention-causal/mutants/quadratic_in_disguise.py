"""Mutant."""

import numpy as np


def feature_map(x):
    return np.where(x > 0, x + 1.0, np.exp(np.minimum(x, 0.0)))  # elu(x) + 1 > 0


def linear_attention_quadratic(q, k, v):
    fq, fk = feature_map(q), feature_map(k)  # (..., T, d)
    T = q.shape[-2]
    a = fq @ np.swapaxes(fk, -1, -2)  # (..., T, T): a_ij = phi(q_i) . phi(k_j) > 0
    a = a * np.tril(np.ones((T, T)))  # causal: j <= i
    return (a @ v) / a.sum(axis=-1, keepdims=True)  # (..., T, dv)


def linear_attention_causal(q, k, v):
    return linear_attention_quadratic(q, k, v)  # BUG: T x T memory


def _unused(q, k, v):
    fq, fk = feature_map(q), feature_map(k)  # (..., T, d)
    S = np.cumsum(fk[..., :, :, None] * v[..., :, None, :], axis=-3)  # (..., T, d, dv)
    z = np.cumsum(fk, axis=-2)  # (..., T, d)
    num = np.einsum("...td,...tde->...te", fq, S)  # (..., T, dv)
    den = np.einsum("...td,...td->...t", fq, z)[..., None]  # (..., T, 1)
    return num / den
