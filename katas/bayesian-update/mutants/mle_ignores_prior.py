import numpy as np


def beta_bernoulli_posterior(alpha, beta, data):
    data = np.asarray(data, dtype=int)
    return alpha + data.sum(), beta + (len(data) - data.sum())


def posterior_predictive(alpha, beta):
    return alpha / (alpha + beta)


def _blr_posterior(X, y, prior_precision, noise_var):
    # BUG: least squares, the prior never enters
    mean = np.linalg.lstsq(X, y, rcond=None)[0]
    cov = noise_var * np.linalg.pinv(X.T @ X)
    return mean, cov


# The kata's variant (kata.toml [variants]) says how the prior's scale is given.
PRIOR = "precision"  # or "variance": blr_posterior's third argument is tau^2


def blr_posterior(X, y, prior, noise_var):
    precision = prior if PRIOR == "precision" else 1.0 / prior
    return _blr_posterior(X, y, precision, noise_var)
