"""Public harness for debug-silent-bugs: the kata's model and the probes that call your
`fit` and `predict`. Nothing here knows the expected answers."""

import torch
from torch import nn


class MLP(nn.Module):
    """2 -> 32 -> 32 -> n_out with ReLU."""

    def __init__(self, n_out):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(2, 32), nn.ReLU(), nn.Linear(32, 32), nn.ReLU(),
                                 nn.Linear(32, n_out))

    def forward(self, x):
        return self.net(x)  # (B, n_out)


def make_model(seed, n_out):
    torch.manual_seed(seed)
    return MLP(n_out)


def fit_predict(solution, task, seed, n_out, X, y, X_tests):
    """fit a fresh model on (X, y), then predict each batch in X_tests with it."""
    model = make_model(seed, n_out)
    stats = solution.fit(model, torch.from_numpy(X), torch.from_numpy(y), task)
    model.eval()
    preds = [solution.predict(model, stats, torch.from_numpy(Xt), task) for Xt in X_tests]
    preds = [p.detach() if isinstance(p, torch.Tensor) else p for p in preds]
    if isinstance(stats, tuple | list):
        stats = [s.detach() if isinstance(s, torch.Tensor) else s for s in stats]
    return {"stats": stats, "preds": preds}


class Recorder(nn.Module):
    """Wraps the model and keeps, for each training forward pass, its output and the gradient
    of the loss with respect to that output."""

    def __init__(self, inner):
        super().__init__()
        self.inner, self.steps = inner, []

    def forward(self, x):
        out = self.inner(x)
        if out.requires_grad:
            step = {"out": out.detach().clone()}

            def seen(grad):
                step["dout"] = grad.detach().clone()
                if not any(s is step for s in self.steps):
                    self.steps.append(step)

            out.register_hook(seen)
        return out


def trace(solution, task, seed, n_out, X, y, keep=3):
    """fit with a recording model; the first `keep` training steps' outputs and d loss/d out."""
    model = Recorder(make_model(seed, n_out))
    solution.fit(model, torch.from_numpy(X), torch.from_numpy(y), task)
    return {"steps": model.steps[:keep]}
