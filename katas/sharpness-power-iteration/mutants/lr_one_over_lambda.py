"""BUG: the stable step is taken as 1 / lambda."""

import torch


def power_iteration(matvec, v0, iters):
    assert iters >= 1
    v = v0 / v0.norm()                    # (n,)
    for _ in range(iters):
        w = matvec(v)                     # A v
        value = v @ w                     # Rayleigh quotient v^T A v, |v| = 1: keeps the sign
        v = w / w.norm()
    return float(value), v


def sharpness(model, loss_fn, v0, iters):
    params = list(model.parameters())
    grads = torch.autograd.grad(loss_fn(), params, create_graph=True)
    g = torch.cat([x.reshape(-1) for x in grads])  # (P,) keeps its graph: d g / d params = H

    def hvp(v):
        hv = torch.autograd.grad(g @ v, params, retain_graph=True)  # reuse g for every product
        return torch.cat([x.reshape(-1) for x in hv]).detach()

    return power_iteration(hvp, v0, iters)


def max_stable_lr(sharpness_value):
    assert sharpness_value > 0
    return 1.0 / sharpness_value  # BUG          # GD on a quadratic: need |1 - lr * lambda_max| < 1
