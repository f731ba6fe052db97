"""Conjugate posteriors: Beta-Bernoulli and Bayesian linear regression."""

import numpy as np


def beta_bernoulli_posterior(alpha, beta, data):
    data = np.asarray(data).astype(np.int64).ravel()
    assert alpha > 0 and beta > 0 and np.all((data == 0) | (data == 1))
    heads = int(np.sum(data))
    tails = data.size - heads
    return float(alpha + heads), float(beta + tails)  # each 1 adds to alpha, each 0 to beta


def posterior_predictive(alpha, beta):
    return float(alpha / (alpha + beta))  # E[theta] under Beta(alpha, beta)


def _blr_posterior(X, y, prior_precision, noise_var):
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)  # (n, d), (n,)
    assert X.ndim == 2 and y.shape == (X.shape[0],) and prior_precision > 0 and noise_var > 0
    d = X.shape[1]
    precision = prior_precision * np.eye(d) + X.T @ X / noise_var  # (d, d) posterior precision
    cov = np.linalg.inv(precision)  # (d, d)
    mean = cov @ (X.T @ y) / noise_var  # (d,)
    return mean, cov


# The kata's variant (kata.toml [variants]) says how the prior's scale is given.
PRIOR = "precision"  # or "variance": blr_posterior's third argument is tau^2


def blr_posterior(X, y, prior, noise_var):
    precision = prior if PRIOR == "precision" else 1.0 / prior
    return _blr_posterior(X, y, precision, noise_var)
