"""ties ordered by the larger index first (a reversed ascending sort)"""

import numpy as np


def top_k(scores, k):
    scores = np.asarray(scores, dtype=np.float64)
    n = scores.shape[-1]
    if not 0 <= k <= n:
        raise ValueError(f"k must be in [0, {n}], got {k}")
    order = np.argsort(scores, axis=-1, kind="stable")[..., ::-1][..., :k]
    return np.take_along_axis(scores, order, axis=-1), order
