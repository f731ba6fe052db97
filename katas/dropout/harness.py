"""Public probes for dropout: the Generator is made here, inside the box, from a seed."""

import numpy as np


def run(solution, x, p, training, seed):
    """dropout(x, p, training, numpy.random.default_rng(seed))."""
    return solution.dropout(x, p, training, np.random.default_rng(seed))


def run_twice_and_replay(solution, x, p, seed):
    """Two training calls sharing one Generator, then a third on a fresh Generator with the
    same seed: (first, second, replay of first)."""
    rng = np.random.default_rng(seed)
    first = np.array(solution.dropout(x, p, True, rng), copy=True)
    second = np.array(solution.dropout(x, p, True, rng), copy=True)
    replay = solution.dropout(x, p, True, np.random.default_rng(seed))
    return first, second, replay
