"""Mutant."""

import numpy as np


def rope_frequencies(d, base=10000.0):
    assert d % 2 == 0
    return base ** (-np.arange(0, d, 2) / d)  # (d/2,): theta_i = base^(-2i/d)


def _apply_rope(x, positions, base=10000.0):
    T, d = x.shape[-2:]
    positions = np.asarray(positions, dtype=np.float64)
    assert positions.shape == (T,)
    angles = np.arange(T)[:, None] * rope_frequencies(d, base)  # BUG: row index  # (T, d/2)
    cos, sin = np.cos(angles), np.sin(angles)
    x1, x2 = x[..., 0::2], x[..., 1::2]  # (..., T, d/2): the two coordinates of each pair
    out = np.empty(x.shape)
    out[..., 0::2] = x1 * cos - x2 * sin  # rotate each pair by its angle
    out[..., 1::2] = x1 * sin + x2 * cos
    return out  # (..., T, d)


# The kata's variant (kata.toml [variants]) says which features form a pair.
PAIRS = "interleaved"  # or "half": pair i is (i, i + d/2)


def apply_rope(x, positions, base=10000.0):
    if PAIRS == "interleaved":
        return _apply_rope(x, positions, base)
    d = np.shape(x)[-1]
    order = np.arange(d).reshape(2, d // 2).T.ravel()  # half-split -> interleaved: 0, d/2, 1, ...
    y = _apply_rope(np.asarray(x)[..., order], positions, base)
    return y[..., np.argsort(order)]
