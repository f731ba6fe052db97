import numpy as np


def beta_bernoulli_posterior(alpha, beta, data):
    """Parameters (alpha_post, beta_post) of the Beta posterior after observing 0/1 data."""
    raise NotImplementedError


def posterior_predictive(alpha, beta):
    """P(next observation = 1) when theta ~ Beta(alpha, beta)."""
    raise NotImplementedError


def blr_posterior(X, y, prior, noise_var):
    """Posterior (mean (d,), cov (d, d)) of w under {{PRIOR_STUB}}, noise N(0, noise_var)."""
    raise NotImplementedError
