"""BUG: the posterior mean instead of the mode."""

import numpy as np


def linreg_mle(X, y):
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    assert X.ndim == 2 and y.shape == (X.shape[0],)
    return np.linalg.solve(X.T @ X, X.T @ y)          # (d,) normal equations = least squares


def noise_var_mle(X, y):
    r = np.asarray(y, dtype=np.float64) - np.asarray(X) @ linreg_mle(X, y)  # (N,) residuals
    return float(r @ r / len(r))                      # divide by N: the MLE (biased low)


def ridge_lambda(noise_var, prior_var):
    return float(noise_var / prior_var)               # sigma^2 / tau^2


def linreg_map(X, y, noise_var, prior_var):
    # -log posterior = |y - X w|^2 / (2 sigma^2) + |w|^2 / (2 tau^2) + const
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    lam = ridge_lambda(noise_var, prior_var)
    return np.linalg.solve(X.T @ X + lam * np.eye(X.shape[1]), X.T @ y)  # (d,)


def bernoulli_mle(x):
    x = np.asarray(x, dtype=np.float64)
    assert x.size > 0
    return float(x.mean())                            # k / n


def beta_bernoulli_map(x, a, b):
    x = np.asarray(x, dtype=np.float64)
    k, n = x.sum(), x.size
    assert a >= 1 and b >= 1 and n + a + b > 2
    return float((k + a) / (n + a + b))  # BUG: the mean       # mode of Beta(k + a, n - k + b)
