"""hvp-newton-cg written differently: backward() with .grad fields for the HVP, and CG in
the residual-update form with the stopping test at the end of each iteration."""

import torch


def hvp(loss_fn, w, v):
    x = w.detach().clone().requires_grad_(True)
    grad = torch.autograd.grad(loss_fn(x), [x], create_graph=True)[0]
    (grad * v.detach()).sum().backward()
    return x.grad.detach().clone()


def conjugate_gradient(matvec, b, iters, tol=1e-10):
    x = torch.zeros_like(b)
    r = b.clone()
    target = tol * torch.linalg.norm(b)
    if torch.linalg.norm(r) <= target:
        return x
    d = r.clone()
    for _ in range(iters):
        q = matvec(d)
        step = torch.dot(r, r) / torch.dot(d, q)
        x = x + step * d
        r_next = r - step * q
        if torch.linalg.norm(r_next) <= target:
            break
        d = r_next + torch.dot(r_next, r_next) / torch.dot(r, r) * d
        r = r_next
    return x


def newton_cg_step(loss_fn, w, damping, cg_iters):
    w = w.detach()
    x = w.clone().requires_grad_(True)
    loss_fn(x).backward()
    direction = conjugate_gradient(lambda p: damping * p + hvp(loss_fn, w, p), x.grad.detach(),
                                   cg_iters)
    return (w - direction).detach()
