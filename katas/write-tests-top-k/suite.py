"""The kata's own tests: they pass on every correct implementation and kill every mutant."""

import numpy as np
import pytest
from impl import top_k


def test_largest_first():
    values, indices = top_k(np.array([0.2, 0.9, 0.5, 0.7]), 3)
    assert list(indices) == [1, 3, 2]
    assert values == pytest.approx([0.9, 0.7, 0.5])


def test_ties_keep_the_smaller_index_first():
    _, indices = top_k(np.array([1.0, 3.0, 3.0, 1.0, 3.0]), 4)
    assert list(indices) == [1, 2, 4, 0]


def test_values_are_the_scores_at_the_indices():
    scores = np.random.standard_normal((3, 7))
    values, indices = top_k(scores, 4)
    assert values.shape == indices.shape == (3, 4)
    assert values == pytest.approx(np.take_along_axis(scores, indices, axis=-1))
    assert np.all(np.diff(values, axis=-1) <= 0)


def test_each_row_of_a_batch_on_its_own():
    scores = np.random.standard_normal((4, 6))
    values, indices = top_k(scores, 2)
    for b in range(4):
        v, i = top_k(scores[b], 2)
        assert list(indices[b]) == list(i)
        assert values[b] == pytest.approx(v)


@pytest.mark.parametrize("k", [-1, 4])
def test_k_out_of_range_raises(k):
    with pytest.raises(ValueError):
        top_k(np.array([1.0, 2.0, 3.0]), k)


def test_k_zero_is_empty():
    values, indices = top_k(np.ones((2, 5)), 0)
    assert values.shape == indices.shape == (2, 0)
