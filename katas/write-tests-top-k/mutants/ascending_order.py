"""the k largest, but smallest first"""

import numpy as np


def top_k(scores, k):
    scores = np.asarray(scores, dtype=np.float64)
    n = scores.shape[-1]
    if not 0 <= k <= n:
        raise ValueError(f"k must be in [0, {n}], got {k}")
    order = np.argsort(-scores, axis=-1, kind="stable")[..., :k][..., ::-1]
    return np.take_along_axis(scores, order, axis=-1), order
