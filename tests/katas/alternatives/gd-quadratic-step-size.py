"""gd-quadratic-step-size written differently: the closed form x_k = x* + Q (1 - lr L)^k Q^T e_0
from one eigendecomposition, instead of iterating."""

import numpy as np


def _eig(A):
    A = np.asarray(A, dtype=np.float64)
    return np.linalg.eigh(0.5 * (A + A.T))  # (eigenvalues ascending, eigenvectors)


def gradient_descent(A, b, x0, lr, steps):
    lam, Q = _eig(A)
    x_star = Q @ ((Q.T @ b) / lam)
    e0 = Q.T @ (np.asarray(x0, dtype=np.float64) - x_star)  # error in the eigenbasis
    k = np.arange(steps + 1)[:, None]
    return x_star + (np.power(1.0 - lr * lam, k) * e0) @ Q.T


def max_stable_step(A):
    return 2.0 / _eig(A)[0].max()


def optimal_step(A):
    lam = _eig(A)[0]
    return 2.0 / (lam.min() + lam.max())


def convergence_rate(A, lr):
    lam = _eig(A)[0]
    return max(abs(1.0 - lr * lam.min()), abs(1.0 - lr * lam.max()))
