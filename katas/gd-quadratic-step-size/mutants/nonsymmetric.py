import numpy as np


def _lam(A):
    return np.sort(np.linalg.eigvals(A).real)  # BUG: eigenvalues of A, not of (A + A^T) / 2


def gradient_descent(A, b, x0, lr, steps):
    xs = [x0]
    for _ in range(steps):
        xs.append(xs[-1] - lr * (A @ xs[-1] - b))  # BUG: grad of x^T A x / 2 is S x, not A x
    return np.array(xs)


def max_stable_step(A):
    return 2.0 / _lam(A)[-1]


def optimal_step(A):
    lam = _lam(A)
    return 2.0 / (lam[0] + lam[-1])


def convergence_rate(A, lr):
    return np.max(np.abs(1 - lr * _lam(A)))
