"""mle-vs-map written differently: least squares by lstsq, ridge as least squares on an
augmented system, the coin from counts."""

import numpy as np


def linreg_mle(X, y):
    return np.linalg.lstsq(np.asarray(X, float), np.asarray(y, float), rcond=None)[0]


def noise_var_mle(X, y):
    resid = np.asarray(y, float) - np.asarray(X, float) @ linreg_mle(X, y)
    return float(np.mean(resid ** 2))


def ridge_lambda(noise_var, prior_var):
    return noise_var / prior_var


def linreg_map(X, y, noise_var, prior_var):
    X, y = np.asarray(X, float), np.asarray(y, float)
    d = X.shape[1]
    # |y - Xw|^2 + lam |w|^2 = |[y; 0] - [X; sqrt(lam) I] w|^2
    Xa = np.vstack([X, np.sqrt(ridge_lambda(noise_var, prior_var)) * np.eye(d)])
    ya = np.concatenate([y, np.zeros(d)])
    return np.linalg.lstsq(Xa, ya, rcond=None)[0]


def bernoulli_mle(x):
    x = np.asarray(x).astype(bool)
    return np.count_nonzero(x) / x.size


def beta_bernoulli_map(x, a, b):
    x = np.asarray(x).astype(bool)
    heads, tails = np.count_nonzero(x), x.size - np.count_nonzero(x)
    alpha, beta = heads + a, tails + b  # the posterior Beta(alpha, beta); its mode:
    return (alpha - 1) / (alpha + beta - 2)
