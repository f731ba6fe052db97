"""debug-exploding-gradients written differently: autograd.grad, a hand-computed global norm,
a manual SGD update, max norm 0.5."""

import torch
import torch.nn.functional as F


def train(model, X, y, steps, lr):
    params = [p for p in model.parameters() if p.requires_grad]
    history = []
    for _ in range(steps):
        loss = F.mse_loss(model(X), y)
        grads = torch.autograd.grad(loss, params)  # fresh every step: nothing accumulates
        norm = torch.sqrt(sum((g * g).sum() for g in grads))
        scale = min(1.0, 0.5 / (float(norm) + 1e-12))
        with torch.no_grad():
            for p, g in zip(params, grads, strict=True):
                p.add_(g, alpha=-lr * scale)
        history.append(loss.item())
    return history
