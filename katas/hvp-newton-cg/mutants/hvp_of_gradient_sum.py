"""BUG: differentiates g.sum() and scales by v."""

import torch


def hvp(loss_fn, w, v):
    w = w.detach().requires_grad_(True)                          # (n,)
    (g,) = torch.autograd.grad(loss_fn(w), w, create_graph=True)  # (n,), still differentiable
    (h1,) = torch.autograd.grad(g.sum(), w)
    hv = h1 * v  # BUG: (H 1) * v
    return hv.detach()


def conjugate_gradient(matvec, b, iters, tol=1e-10):
    x = torch.zeros_like(b)
    r = b.clone()                     # residual b - A x at x = 0
    p = r.clone()                     # first search direction
    rr = r @ r
    for _ in range(iters):
        if rr.sqrt() <= tol * b.norm():
            break                     # converged: another step would divide 0 by 0
        Ap = matvec(p)
        alpha = rr / (p @ Ap)         # exact line search along p
        x = x + alpha * p
        r = r - alpha * Ap
        rr_new = r @ r
        p = r + (rr_new / rr) * p     # next direction, A-conjugate to the previous ones
        rr = rr_new
    return x


def newton_cg_step(loss_fn, w, damping, cg_iters):
    w = w.detach().requires_grad_(True)
    (g,) = torch.autograd.grad(loss_fn(w), w)                    # (n,)
    w = w.detach()
    d = conjugate_gradient(lambda v: hvp(loss_fn, w, v) + damping * v, g.detach(), cg_iters)
    return w - d                                                 # solves (H + damping I) d = g
