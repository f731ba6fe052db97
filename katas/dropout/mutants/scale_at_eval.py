import numpy as np


def dropout(x, p, training, rng):
    if not training:
        return x * (1 - p)  # BUG: classic (non-inverted) dropout scales at test time...
    return x * (rng.random(x.shape) >= p)  # ...and not during training
