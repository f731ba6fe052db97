"""Public harness for debug-training-loop: the fixed model and the probes the checks call.

Nothing here knows the expected answers: probes build the model, call your `train`, and
return plain data (losses, weights, and for `trace` what each training step saw).
"""

import torch
from torch import nn


class MLP(nn.Module):
    """The kata's model: 2 -> 32 -> 32 -> n_classes, ReLU, dropout after each hidden layer."""

    def __init__(self, n_in=2, n_hidden=32, n_classes=3, p_drop=0.1):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(n_in, n_hidden), nn.ReLU(), nn.Dropout(p_drop),
            nn.Linear(n_hidden, n_hidden), nn.ReLU(), nn.Dropout(p_drop),
            nn.Linear(n_hidden, n_classes))

    def forward(self, x):
        return self.net(x)  # (B, n_classes) logits


def make_model(seed, n_classes, p_drop=0.1):
    """The same initial weights for the same seed, here and on the grading side.

    PyTorch's default Linear init, drawn from a private generator (not the global RNG).
    """
    model = MLP(n_classes=n_classes, p_drop=p_drop)
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for layer in model.net:
            if isinstance(layer, nn.Linear):
                bound = 1 / layer.in_features ** 0.5
                layer.weight.uniform_(-bound, bound, generator=gen)
                layer.bias.uniform_(-bound, bound, generator=gen)
    return model


def _state(model):
    return {k: v.detach().clone() for k, v in model.state_dict().items()}


def fit(solution, seed, X, y, n_classes, epochs, lr, batch_size):
    """Train a fresh model with your `train`; return its losses and final weights."""
    model = make_model(seed, n_classes)
    losses = solution.train(model, torch.from_numpy(X), torch.from_numpy(y), epochs, lr,
                            batch_size)
    if isinstance(losses, tuple | list):
        losses = list(losses)
    return {"losses": losses, "state": _state(model)}


class Recorder(nn.Module):
    """Wraps the model (without dropout) and notes what every forward and backward saw."""

    def __init__(self, inner):
        super().__init__()
        self.inner = inner
        self.steps = []

    def forward(self, x):
        out = self.inner(x)
        if out.requires_grad:  # a forward that training can go through
            step = {"x": x.detach().clone(), "training": self.training,
                    "params": {k: p.detach().clone() for k, p in self.inner.named_parameters()},
                    "logits": out.detach().clone()}

            def seen(grad):
                step["dlogits"] = grad.detach().clone()
                if not any(s is step for s in self.steps):
                    self.steps.append(step)

            out.register_hook(seen)
        return out


def trace(solution, seed, X, y, n_classes, epochs, lr, batch_size):
    """Train with a recording model: every step's batch, weights, logits and d loss/d logits."""
    model = Recorder(make_model(seed, n_classes, p_drop=0.0))
    losses = solution.train(model, torch.from_numpy(X), torch.from_numpy(y), epochs, lr,
                            batch_size)
    if isinstance(losses, tuple | list):
        losses = list(losses)
    final = {k: p.detach().clone() for k, p in model.inner.named_parameters()}
    return {"losses": losses, "steps": model.steps, "final": final}
