import numpy as np


class Adam:
    """Adam over a dict of NumPy arrays, updated in place by step(grads)."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        raise NotImplementedError

    def step(self, grads):
        """One Adam update of every array in params, in place."""
        raise NotImplementedError
