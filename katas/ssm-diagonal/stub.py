import numpy as np


def discretize(A, B, delta):
    """Complex A, B of shape (N,), step delta -> (A_bar, B_bar) by zero-order hold."""
    raise NotImplementedError


def ssm_recurrent(A_bar, B_bar, C, u):
    """u real (..., L) -> y real (..., L) by running the recurrence."""
    raise NotImplementedError


def ssm_kernel(A_bar, B_bar, C, L):
    """The real convolution kernel K of shape (L,)."""
    raise NotImplementedError


def ssm_convolve(u, K):
    """Causal convolution of u (..., L) with K (L,) -> (..., L)."""
    raise NotImplementedError
