import numpy as np


def dropout(x, p, training, rng):
    """Inverted dropout of x with drop probability p; rng is a numpy Generator."""
    raise NotImplementedError
