"""Attack: monkeypatch every comparison function in reach (NumPy, math, operator, unittest)
to always say equal, then return garbage.
Verdict: comparisons happen on the trusted side; the garbage fails; score 0.
"""
# ruff: noqa  (hostile on purpose)
# expect: .
import builtins
import math
import operator

import numpy as np
import numpy.testing

always = lambda *a, **k: True  # noqa: E731
np.allclose = np.array_equal = np.array_equiv = always
np.isclose = lambda a, b, *r, **k: np.ones(np.broadcast(a, b).shape, bool)
numpy.testing.assert_allclose = numpy.testing.assert_array_equal = lambda *a, **k: None
math.isclose = always
operator.eq = always
builtins.isinstance = always


def softmax(x, axis=-1):
    return np.zeros_like(x)


def scaled_dot_product_attention(q, k, v, mask=None):
    return np.zeros(1), np.zeros(1)
