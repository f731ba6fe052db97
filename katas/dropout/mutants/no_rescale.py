import numpy as np


def dropout(x, p, training, rng):
    if not training:
        return x
    mask = rng.random(x.shape) >= p
    return x * mask  # BUG: kept units not scaled by 1 / (1 - p)
