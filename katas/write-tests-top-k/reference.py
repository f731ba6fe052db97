"""Top-k along the last axis by a stable sort of the negated scores."""

import numpy as np


def top_k(scores, k):
    scores = np.asarray(scores, dtype=np.float64)  # (n,) or (B, n)
    n = scores.shape[-1]
    if not 0 <= k <= n:
        raise ValueError(f"k must be in [0, {n}], got {k}")
    order = np.argsort(-scores, axis=-1, kind="stable")  # ties keep the smaller index first
    indices = order[..., :k]  # (..., k)
    return np.take_along_axis(scores, indices, axis=-1), indices
