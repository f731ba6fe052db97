"""bayesian-update written differently: sequential Beta updates, float32 linear algebra with
solve instead of inv, the mean written as a ridge regression."""

import numpy as np


def beta_bernoulli_posterior(alpha, beta, data):
    a, b = float(alpha), float(beta)
    for x in np.asarray(data).tolist():
        if x:
            a += 1
        else:
            b += 1
    return a, b


def posterior_predictive(alpha, beta):
    return np.float64(alpha) / np.float64(alpha + beta)


def _blr_posterior(X, y, prior_precision, noise_var):
    X = np.asarray(X, dtype=np.float32)
    y = np.asarray(y, dtype=np.float32)
    d = X.shape[1]
    ridge = np.float32(prior_precision * noise_var)  # the mean is ridge regression
    mean = np.linalg.solve(X.T @ X + ridge * np.eye(d, dtype=np.float32), X.T @ y)
    cov = np.float32(noise_var) * np.linalg.solve(X.T @ X + ridge * np.eye(d, dtype=np.float32),
                                                  np.eye(d, dtype=np.float32))
    return mean, cov


# The kata's variant (kata.toml [variants]) says how the prior's scale is given.
PRIOR = "precision"  # or "variance": blr_posterior's third argument is tau^2


def blr_posterior(X, y, prior, noise_var):
    precision = prior if PRIOR == "precision" else 1.0 / prior
    return _blr_posterior(X, y, precision, noise_var)
