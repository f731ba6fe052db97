"""Public probes for layer-norm: run the candidate's forward and backward inside the box.

The cache is whatever your forward returns; it never leaves the box.
"""

import numpy as np


def _forward(solution, x, gamma, beta, eps):
    out = solution.layer_norm_forward(x, gamma, beta, eps=eps)
    if not isinstance(out, tuple | list) or len(out) != 2:
        raise TypeError("layer_norm_forward must return a tuple (y, cache)")
    y, cache = out
    return (y.copy() if type(y) is np.ndarray else y), cache  # backward may not touch y


def forward(solution, x, gamma, beta, eps=1e-5):
    """y from layer_norm_forward(x, gamma, beta, eps=eps)."""
    return _forward(solution, x, gamma, beta, eps)[0]


def forward_backward(solution, x, gamma, beta, dy, eps=1e-5):
    """(y, (dx, dgamma, dbeta)): the forward, then the backward on its cache."""
    y, cache = _forward(solution, x, gamma, beta, eps)
    return y, solution.layer_norm_backward(dy, cache)
