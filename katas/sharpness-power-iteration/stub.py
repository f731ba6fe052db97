import torch


def power_iteration(matvec, v0, iters):
    """(eigenvalue estimate, unit vector) after `iters` steps of power iteration from v0."""
    raise NotImplementedError


def sharpness(model, loss_fn, v0, iters):
    """Power iteration on the Hessian of loss_fn() w.r.t. all of model's parameters (flattened)."""
    raise NotImplementedError


def max_stable_lr(sharpness_value):
    """The largest step size for which gradient descent is stable, given the sharpness."""
    raise NotImplementedError
