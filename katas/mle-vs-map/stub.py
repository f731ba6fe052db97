import numpy as np


def linreg_mle(X, y):
    """The maximum-likelihood weights of y = X w + Gaussian noise, shape (d,)."""
    raise NotImplementedError


def noise_var_mle(X, y):
    """The maximum-likelihood noise variance sigma^2 of that model."""
    raise NotImplementedError


def ridge_lambda(noise_var, prior_var):
    """The ridge penalty lambda whose solution is the MAP under w ~ N(0, prior_var I)."""
    raise NotImplementedError


def linreg_map(X, y, noise_var, prior_var):
    """The MAP weights under the prior w ~ N(0, prior_var I), shape (d,)."""
    raise NotImplementedError


def bernoulli_mle(x):
    """The maximum-likelihood probability of 1 for 0/1 data x."""
    raise NotImplementedError


def beta_bernoulli_map(x, a, b):
    """The MAP probability of 1 under the prior Beta(a, b)."""
    raise NotImplementedError
