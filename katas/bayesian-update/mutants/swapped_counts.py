import numpy as np


def beta_bernoulli_posterior(alpha, beta, data):
    data = np.asarray(data, dtype=int)
    ones = data.sum()
    return alpha + (len(data) - ones), beta + ones  # BUG: ones should go to alpha


def posterior_predictive(alpha, beta):
    return alpha / (alpha + beta)


def _blr_posterior(X, y, prior_precision, noise_var):
    A = prior_precision * np.eye(X.shape[1]) + X.T @ X / noise_var
    cov = np.linalg.inv(A)
    return cov @ X.T @ y / noise_var, cov


# The kata's variant (kata.toml [variants]) says how the prior's scale is given.
PRIOR = "precision"  # or "variance": blr_posterior's third argument is tau^2


def blr_posterior(X, y, prior, noise_var):
    precision = prior if PRIOR == "precision" else 1.0 / prior
    return _blr_posterior(X, y, precision, noise_var)
