"""k > n silently returns n items instead of raising"""

import numpy as np


def top_k(scores, k):
    scores = np.asarray(scores, dtype=np.float64)
    if k < 0:
        raise ValueError("k must be non-negative")
    order = np.argsort(-scores, axis=-1, kind="stable")[..., :k]
    return np.take_along_axis(scores, order, axis=-1), order
