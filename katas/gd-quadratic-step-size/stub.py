import numpy as np


def gradient_descent(A, b, x0, lr, steps):
    """Iterates x_0..x_steps of GD on 1/2 x^T A x - b^T x, shape (steps + 1, n)."""
    raise NotImplementedError


def max_stable_step(A):
    """The largest step size for which GD converges from every start (a supremum)."""
    raise NotImplementedError


def optimal_step(A):
    """The step size minimising the worst-case contraction factor."""
    raise NotImplementedError


def convergence_rate(A, lr):
    """The worst-case factor by which ||x_k - x*|| shrinks per step at step size lr."""
    raise NotImplementedError
