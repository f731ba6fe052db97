import torch


def hvp(loss_fn, w, v):
    """H(w) v for the Hessian H of loss_fn at w, by double backward (never form H)."""
    raise NotImplementedError


def conjugate_gradient(matvec, b, iters, tol=1e-10):
    """Approximately solve A x = b for symmetric positive definite A, given x -> A x."""
    raise NotImplementedError


def newton_cg_step(loss_fn, w, damping, cg_iters):
    """w - d, where (H + damping I) d = grad, with d from cg_iters steps of CG."""
    raise NotImplementedError
