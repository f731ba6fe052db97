"""Wrong: expects logsumexp to keep the reduced axis, which fails every correct implementation."""

import numpy as np
import pytest
from impl import logsumexp


def test_logsumexp_keeps_dims():
    x = np.random.standard_normal((3, 4))
    assert logsumexp(x).shape == (3, 1)


def test_large_inputs():
    assert logsumexp(np.array([1000.0, 1000.0])) == pytest.approx(1000 + np.log(2))
