"""micrograd-engine written differently: each node stores (parent, local derivative) pairs and
backward() orders the graph with Kahn's algorithm (counting uses) instead of a DFS."""

import math


def _lift(x):
    return x if isinstance(x, Value) else Value(x)


class Value:
    def __init__(self, data, parents=()):
        self.data = float(data)
        self.grad = 0.0
        self.parents = list(parents)  # [(Value, d self / d that Value)]

    def __add__(self, other):
        other = _lift(other)
        return Value(self.data + other.data, [(self, 1.0), (other, 1.0)])

    __radd__ = __add__

    def __mul__(self, other):
        other = _lift(other)
        return Value(self.data * other.data, [(self, other.data), (other, self.data)])

    __rmul__ = __mul__

    def __neg__(self):
        return Value(-self.data, [(self, -1.0)])

    def __sub__(self, other):
        other = _lift(other)
        return Value(self.data - other.data, [(self, 1.0), (other, -1.0)])

    def __rsub__(self, other):
        return _lift(other) - self

    def __truediv__(self, other):
        other = _lift(other)
        return Value(self.data / other.data,
                     [(self, 1.0 / other.data), (other, -self.data / other.data ** 2)])

    def __rtruediv__(self, other):
        return _lift(other) / self

    def __pow__(self, k):
        return Value(self.data ** k, [(self, k * self.data ** (k - 1))])

    def tanh(self):
        y = math.tanh(self.data)
        return Value(y, [(self, 1.0 - y ** 2)])

    def relu(self):
        return Value(self.data if self.data > 0 else 0.0, [(self, 1.0 if self.data > 0 else 0.0)])

    def exp(self):
        y = math.exp(self.data)
        return Value(y, [(self, y)])

    def log(self):
        return Value(math.log(self.data), [(self, 1.0 / self.data)])

    def backward(self):
        uses, stack, seen = {}, [self], {id(self)}
        while stack:  # count how many edges lead into each node from the output's side
            v = stack.pop()
            for p, _ in v.parents:
                uses[id(p)] = uses.get(id(p), 0) + 1
                if id(p) not in seen:
                    seen.add(id(p))
                    stack.append(p)
        self.grad = 1.0
        ready = [self]
        while ready:  # a node is ready once every node using it has contributed
            v = ready.pop()
            for p, local in v.parents:
                p.grad += local * v.grad
                uses[id(p)] -= 1
                if uses[id(p)] == 0:
                    ready.append(p)
