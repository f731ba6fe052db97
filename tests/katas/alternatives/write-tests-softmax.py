"""A second good test suite, written as properties checked on random inputs."""

import numpy as np
import pytest
from impl import logsumexp, softmax


@pytest.mark.parametrize("scale", [1.0, 1e3, 1e6])
def test_logsumexp_equals_max_plus_a_stable_remainder(scale):
    x = scale * np.random.standard_normal((5, 4))
    m = x.max(axis=0)
    want = m + np.log(np.exp(x - m).sum(axis=0))
    assert logsumexp(x, axis=0) == pytest.approx(want, rel=1e-9)
    assert logsumexp(x, axis=-2).shape == (4,)


def test_each_row_is_reduced_on_its_own_scale():
    x = np.stack([np.zeros(3), np.full(3, -800.0), np.full(3, 800.0)])
    assert logsumexp(x) == pytest.approx(np.array([0.0, -800.0, 800.0]) + np.log(3), rel=1e-9)


def test_minus_infinity_contributes_nothing():
    x = np.array([[np.log(2.0), -np.inf, -np.inf], [-np.inf, -np.inf, -np.inf]])
    assert logsumexp(x)[0] == pytest.approx(np.log(2.0))
    assert np.isneginf(logsumexp(x)[1])


def test_softmax_equals_exp_of_x_minus_logsumexp_along_axis_zero():
    x = np.random.standard_normal((2, 5))
    p = softmax(x, axis=0)
    assert p == pytest.approx(np.exp(x - np.log(np.exp(x).sum(axis=0))), rel=1e-9)
    assert p.sum(axis=0) == pytest.approx(np.ones(5), abs=1e-12)


def test_softmax_of_huge_logits():
    p = softmax(np.array([[1e6, 1e6 - 1.0]]))
    assert np.all(np.isfinite(p))
    assert p[0] == pytest.approx([1 / (1 + np.exp(-1.0)), 1 / (1 + np.exp(1.0))], rel=1e-9)
