"""Gradient descent on f(x) = 1/2 x^T A x - b^T x. Only the symmetric part S of A matters:
grad f = S x - b, and the error evolves as e_{k+1} = (I - lr S) e_k."""

import numpy as np


def _eigenvalues(A):
    A = np.asarray(A, dtype=np.float64)
    assert A.ndim == 2 and A.shape[0] == A.shape[1]
    S = (A + A.T) / 2  # x^T A x = x^T S x
    lam = np.linalg.eigvalsh(S)  # ascending, real
    assert lam[0] > 0, "the symmetric part of A must be positive definite"
    return lam


def gradient_descent(A, b, x0, lr, steps):
    A, b = np.asarray(A, dtype=np.float64), np.asarray(b, dtype=np.float64)
    S = (A + A.T) / 2
    xs = [np.asarray(x0, dtype=np.float64)]
    for _ in range(steps):
        x = xs[-1]
        xs.append(x - lr * (S @ x - b))
    return np.stack(xs)  # (steps + 1, n)


def max_stable_step(A):
    return float(2.0 / _eigenvalues(A)[-1])  # need |1 - lr * lambda_max| < 1


def optimal_step(A):
    lam = _eigenvalues(A)
    return float(2.0 / (lam[0] + lam[-1]))  # balances |1 - lr lam_min| = |1 - lr lam_max|


def convergence_rate(A, lr):
    lam = _eigenvalues(A)
    return float(np.max(np.abs(1.0 - lr * lam)))  # spectral norm of I - lr S
