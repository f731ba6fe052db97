import numpy as np


def score_function_grads(f, mu, sigma, eps, baseline=0.0):
    """Per-sample score-function (REINFORCE) estimates of d/d(mu, sigma) E[f(z)]; (N, 2)."""
    raise NotImplementedError


def reparam_grads(grad_f, mu, sigma, eps):
    """Per-sample reparameterisation estimates of d/d(mu, sigma) E[f(z)]; (N, 2)."""
    raise NotImplementedError
