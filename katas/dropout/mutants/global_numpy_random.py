import numpy as np


def dropout(x, p, training, rng):
    if not training:
        return x
    mask = np.random.rand(*x.shape) >= p  # BUG: ignores rng, draws from the global state
    return x * mask / (1 - p)
