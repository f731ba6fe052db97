import numpy as np


def lr_schedule(name, lr0, steps, warmup=0):
    """The step sizes lr_0 .. lr_{steps-1} of the named schedule, shape (steps,)."""
    raise NotImplementedError


def run_schedule(A, b, x0, lrs, noise=None):
    """(S)GD iterates x_0 .. x_T on f(x) = 1/2 x^T A x - b^T x, shape (T + 1, n)."""
    raise NotImplementedError


def worst_case_factor(A, lrs):
    """max over x_0 of |x_T - x*| / |x_0 - x*| for noiseless GD with steps lrs."""
    raise NotImplementedError


def sgd_noise_floor(A, lr, noise_var):
    """The limit of E|x_t - x*|^2 for constant-step SGD with isotropic gradient noise."""
    raise NotImplementedError
