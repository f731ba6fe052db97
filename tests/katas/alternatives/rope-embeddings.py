"""rope-embeddings written differently: each pair as a complex number times e^{i p theta}."""

import numpy as np


def rope_frequencies(d, base=10000.0):
    return np.exp(-np.log(base) * np.arange(d // 2) * 2.0 / d)


def _apply_rope(x, positions, base=10000.0):
    x = np.asarray(x, dtype=np.float64)
    pairs = x.reshape(*x.shape[:-1], x.shape[-1] // 2, 2)
    z = pairs[..., 0] + 1j * pairs[..., 1]
    phase = np.exp(1j * np.outer(positions, rope_frequencies(x.shape[-1], base)))
    w = z * phase
    return np.stack([w.real, w.imag], axis=-1).reshape(x.shape)


# The kata's variant (kata.toml [variants]) says which features form a pair.
PAIRS = "interleaved"  # or "half": pair i is (i, i + d/2)


def apply_rope(x, positions, base=10000.0):
    if PAIRS == "interleaved":
        return _apply_rope(x, positions, base)
    d = np.shape(x)[-1]
    order = np.arange(d).reshape(2, d // 2).T.ravel()  # half-split -> interleaved: 0, d/2, 1, ...
    y = _apply_rope(np.asarray(x)[..., order], positions, base)
    return y[..., np.argsort(order)]
