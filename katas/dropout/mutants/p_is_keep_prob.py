import numpy as np


def dropout(x, p, training, rng):
    if not training:
        return x
    mask = rng.random(x.shape) < p  # BUG: keeps with probability p
    return x * mask / (1 - p)
