"""Public test functions for gradient-check, and the probe that runs your numerical_gradient."""

import numpy as np


def sum_squares(x):
    return float(np.sum(x**2))


def exp_sum(x, w, c):
    """sum_i w_i exp(c x_i): a large second derivative when c is large."""
    return float(np.sum(w * np.exp(c * x)))


def quadratic_form(x, A, b):
    """1/2 x^T A x + b^T x over the flattened x, for x of any shape."""
    v = x.reshape(-1)
    return float(0.5 * v @ A @ v + b @ v)


def mlp_loss(W, X, v, y):
    """Mean squared error of tanh(X W) v against y; W must be a (d, k) matrix."""
    assert W.shape == (X.shape[1], v.shape[0]), f"f was called with an array of shape {W.shape}"
    return float(np.mean((np.tanh(X @ W) @ v - y) ** 2))


FUNCTIONS = {"sum_squares": sum_squares, "exp_sum": exp_sum,
             "quadratic_form": quadratic_form, "mlp_loss": mlp_loss}


def gradient_of(solution, name, x, params, h=None):
    """Your numerical_gradient of FUNCTIONS[name] at x; also x as it is after the call."""
    def f(z):
        return FUNCTIONS[name](z, **params)

    x = np.array(x, dtype=np.float64)
    grad = solution.numerical_gradient(f, x) if h is None else solution.numerical_gradient(f, x, h)
    return {"grad": grad, "x_after": x}
