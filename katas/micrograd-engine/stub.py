import math


class Value:
    """A scalar that remembers how it was computed, so that backward() can fill in .grad."""

    def __init__(self, data, _children=(), _op=""):
        self.data = float(data)
        self.grad = 0.0
        raise NotImplementedError

    def __add__(self, other):
        raise NotImplementedError

    def __mul__(self, other):
        raise NotImplementedError

    def __pow__(self, k):
        raise NotImplementedError

    def tanh(self):
        raise NotImplementedError

    def relu(self):
        raise NotImplementedError

    def exp(self):
        raise NotImplementedError

    def log(self):
        raise NotImplementedError

    def backward(self):
        raise NotImplementedError

    # also: -v, v - w, v / w, and the reflected forms 2 + v, 2 * v, 2 - v, 2 / v
