"""Public harness for debug-exploding-gradients: the fixed model and the probes."""

import numpy as np
import torch
from torch import nn
from torch.optim.optimizer import register_optimizer_step_pre_hook


def make_model():
    """The model `train` receives: a 3-hidden-layer tanh MLP from 4 inputs to 1 output."""
    return nn.Sequential(nn.Linear(4, 32), nn.Tanh(), nn.Linear(32, 32), nn.Tanh(),
                         nn.Linear(32, 32), nn.Tanh(), nn.Linear(32, 1))


def _tensors(X, y):
    return torch.as_tensor(X, dtype=torch.float32), torch.as_tensor(y, dtype=torch.float32)


def _flat(model):
    return torch.cat([p.detach().reshape(-1) for p in model.parameters()]).numpy().copy()


def fit(solution, X, y, steps, lr, seed):
    """Train a freshly seeded make_model() with your train(); return its losses, its weights
    and the norm of the gradient each optimizer step applied (after any clipping)."""
    torch.manual_seed(seed)
    model = make_model()
    X, y = _tensors(X, y)
    norms = []

    def record(optimizer, args, kwargs):
        grads = [p.grad.detach().reshape(-1) for group in optimizer.param_groups
                 for p in group["params"] if p.grad is not None]
        norms.append(float(torch.linalg.vector_norm(torch.cat(grads))) if grads else np.nan)

    hook = register_optimizer_step_pre_hook(record)
    try:
        losses = solution.train(model, X, y, steps, lr)
    finally:
        hook.remove()
    return {"losses": np.array([float(v) for v in losses], dtype=np.float64),
            "state": {k: v.detach().clone() for k, v in model.state_dict().items()},
            "grad_norms": np.array(norms, dtype=np.float64)}


def first_updates(solution, X, y, lr, seed):
    """The flat parameters of a freshly seeded model after 0, 1 and 2 steps of your train()."""
    thetas = []
    for steps in (0, 1, 2):
        torch.manual_seed(seed)
        model = make_model()
        if steps:
            solution.train(model, *_tensors(X, y), steps, lr)
        thetas.append(_flat(model))
    return thetas
