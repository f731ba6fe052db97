import numpy as np


def beta_bernoulli_posterior(alpha, beta, data):
    data = np.asarray(data, dtype=int)
    return alpha + data.sum(), beta + (len(data) - data.sum())


def posterior_predictive(alpha, beta):
    return alpha / (alpha + beta)


def blr_posterior(X, y, prior_precision, noise_var):
    # BUG: least squares, the prior never enters
    mean = np.linalg.lstsq(X, y, rcond=None)[0]
    cov = noise_var * np.linalg.pinv(X.T @ X)
    return mean, cov
