"""dropout written differently: a Bernoulli mask from rng.binomial, np.where, a copy in eval."""

import numpy as np


def dropout(x, p, training, rng):
    x = np.asarray(x, dtype=float)
    if not training:
        return x.copy()
    keep_prob = 1.0 - p
    mask = rng.binomial(1, keep_prob, size=x.shape).astype(bool)
    return np.where(mask, x / keep_prob, 0.0)
