"""Attack: return ndarray subclasses whose __eq__, __array__, shape and dtype all lie.
Verdict: "a subclass of numpy.ndarray; return a plain numpy.ndarray", score 0.
"""
# ruff: noqa  (hostile on purpose)
# expect: subclass of numpy.ndarray
import numpy as np


class Liar(np.ndarray):
    def __eq__(self, other):
        return True

    def __array__(self, *a, **k):
        return np.asarray(self.view(np.ndarray))

    def __array_function__(self, func, types, args, kwargs):
        return True

    @property
    def shape(self):
        return (3, 4)


def softmax(x, axis=-1):
    return np.zeros(1).view(Liar)


def scaled_dot_product_attention(q, k, v, mask=None):
    return np.zeros(1).view(Liar), np.zeros(1).view(Liar)
