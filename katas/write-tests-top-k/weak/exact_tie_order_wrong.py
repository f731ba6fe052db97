"""Wrong: expects ties to come larger index first, which fails every correct implementation."""

import numpy as np
from impl import top_k


def test_ties():
    _, indices = top_k(np.array([3.0, 3.0, 1.0]), 2)
    assert list(indices) == [1, 0]


def test_largest():
    _, indices = top_k(np.array([0.1, 0.9, 0.5]), 1)
    assert list(indices) == [1]
