"""sharpness-power-iteration written differently: the HVP recomputes the gradient each time
with .backward(), parameters are handled as a list and split with torch.split."""

import torch


def power_iteration(matvec, v0, iters):
    u = v0.clone() / torch.linalg.vector_norm(v0)
    estimate = None
    for _ in range(iters):
        image = matvec(u)
        estimate = torch.dot(u, image).item()
        u = image / torch.linalg.vector_norm(image)
    return estimate, u


def sharpness(model, loss_fn, v0, iters):
    params = [p for p in model.parameters()]
    sizes = [p.numel() for p in params]

    def product(v):
        pieces = [piece.view_as(p) for piece, p in zip(torch.split(v, sizes), params, strict=True)]
        grads = torch.autograd.grad(loss_fn(), params, create_graph=True)
        inner = sum((g * piece).sum() for g, piece in zip(grads, pieces, strict=True))
        second = torch.autograd.grad(inner, params)
        return torch.cat([s.flatten() for s in second])

    return power_iteration(product, v0, iters)


def max_stable_lr(sharpness_value):
    return 2 / float(sharpness_value)
