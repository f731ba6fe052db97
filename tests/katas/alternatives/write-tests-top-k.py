"""A second good test suite: top-k compared with a brute-force ranking."""

import numpy as np
import pytest
from impl import top_k


def ranking(row):
    return sorted(range(len(row)), key=lambda i: (-row[i], i))


@pytest.mark.parametrize("k", [0, 1, 3, 5])
def test_agrees_with_brute_force_on_rows_with_ties(k):
    scores = np.round(np.random.standard_normal((3, 5)), 0)  # many ties
    values, indices = top_k(scores, k)
    assert indices.shape == (3, k) and values.shape == (3, k)
    for b in range(3):
        assert indices[b].tolist() == ranking(scores[b].tolist())[:k]
        assert values[b] == pytest.approx(scores[b][ranking(scores[b].tolist())[:k]])


def test_one_dimensional_input():
    values, indices = top_k(np.array([2.0, 5.0, 1.0]), 2)
    assert indices.tolist() == [1, 0] and values.tolist() == [5.0, 2.0]


def test_k_larger_than_the_row_raises():
    with pytest.raises(ValueError):
        top_k(np.zeros((2, 3)), 4)
