import numpy as np


def dropout(x, p, training, rng):
    if not training:
        return x
    mask = np.random.default_rng(0).random(x.shape) >= p  # BUG: the same mask every call
    return x * mask / (1 - p)
