import numpy as np


def _lam(A):
    return np.linalg.eigvalsh((A + A.T) / 2)


def gradient_descent(A, b, x0, lr, steps):
    S = (A + A.T) / 2
    xs = [x0]
    for _ in range(steps):
        xs.append(xs[-1] - lr * (S @ xs[-1] - b))
    return np.array(xs)


def max_stable_step(A):
    return 1.0 / _lam(A)[-1]  # BUG: 1/lambda_max is the best step for that direction, not the limit


def optimal_step(A):
    lam = _lam(A)
    return 2.0 / (lam[0] + lam[-1])


def convergence_rate(A, lr):
    return np.max(np.abs(1 - lr * _lam(A)))
