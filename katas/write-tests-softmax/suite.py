"""The kata's own tests: they pass on every correct implementation and kill every mutant."""

import numpy as np
import pytest
from impl import logsumexp, softmax


def naive_logsumexp(x, axis=-1):
    return np.log(np.sum(np.exp(x), axis=axis))


def test_logsumexp_matches_the_definition_on_moderate_inputs():
    x = np.random.standard_normal((3, 5))
    assert logsumexp(x) == pytest.approx(naive_logsumexp(x), rel=1e-9)
    assert logsumexp(x, axis=0) == pytest.approx(naive_logsumexp(x, axis=0), rel=1e-9)


def test_logsumexp_removes_the_axis():
    x = np.random.standard_normal((2, 3, 4))
    assert np.shape(logsumexp(x, axis=1)) == (2, 4)
    assert np.shape(logsumexp(x[0, 0])) == ()


@pytest.mark.parametrize("shift", [1000.0, -1000.0, 1e5])
def test_logsumexp_is_stable_for_large_magnitudes(shift):
    got = logsumexp(np.array([shift, shift]))
    assert np.isfinite(got)
    assert got == pytest.approx(shift + np.log(2), rel=1e-9)


def test_logsumexp_slices_of_very_different_scale():
    x = np.array([[0.0, 0.0], [-1000.0, -1000.0]])
    assert logsumexp(x) == pytest.approx([np.log(2), -1000 + np.log(2)], rel=1e-9)


def test_logsumexp_masked_entries():
    x = np.array([[0.0, -np.inf], [-np.inf, -np.inf]])
    got = logsumexp(x)
    assert got[0] == pytest.approx(0.0, abs=1e-12)
    assert got[1] == -np.inf


def test_softmax_is_a_distribution_along_its_axis():
    x = 3 * np.random.standard_normal((4, 6))
    for axis in (0, 1, -1):
        p = softmax(x, axis=axis)
        assert p.shape == x.shape
        assert np.all((p >= 0) & (p <= 1))
        assert np.sum(p, axis=axis) == pytest.approx(np.ones(x.shape[1 - axis % 2]), abs=1e-12)


def test_softmax_matches_the_definition():
    x = np.random.standard_normal((3, 4))
    want = np.exp(x) / np.exp(x).sum(axis=0, keepdims=True)
    assert softmax(x, axis=0) == pytest.approx(want, rel=1e-9)


def test_softmax_is_stable_and_shift_invariant():
    x = np.array([1.0, 2.0, 3.0])
    assert softmax(x + 1000) == pytest.approx(softmax(x), rel=1e-9)
    assert np.all(np.isfinite(softmax(np.array([1e4, -1e4]))))
