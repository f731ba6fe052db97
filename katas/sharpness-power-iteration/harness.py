"""Public harness for sharpness-power-iteration: the kata's two small models, their loss, and
probes that call your functions. Nothing here knows the expected answers.

Parameters are flattened in the order of model.parameters(), each tensor row-major.
"""

import torch
from torch import nn


def make_model(kind, seed):
    """"net": 3 -> 6 -> 1 with tanh (31 parameters); "linear": 4 -> 1 (5 parameters). float64."""
    gen = torch.Generator().manual_seed(seed)
    if kind == "net":
        model = nn.Sequential(nn.Linear(3, 6), nn.Tanh(), nn.Linear(6, 1))
    elif kind == "linear":
        model = nn.Sequential(nn.Linear(4, 1))
    else:
        raise ValueError(f"unknown model {kind!r}")
    model = model.double()
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.randn(p.shape, generator=gen, dtype=torch.float64))
    return model


def mse(model, X, y):
    """The kata's loss: mean squared error of model(X)[:, 0] against y."""
    return ((model(X)[:, 0] - y) ** 2).mean()


class Counted:
    def __init__(self, fn):
        self.fn, self.calls = fn, 0

    def __call__(self, *args):
        self.calls += 1
        return self.fn(*args)


def run_power_iteration(solution, A, v0, iters):
    """Your power_iteration with matvec x -> A x."""
    A = torch.as_tensor(A)
    matvec = Counted(lambda x: A @ x)
    result = solution.power_iteration(matvec, torch.as_tensor(v0), iters)
    return {"result": result, "matvecs": matvec.calls}


def run_sharpness(solution, kind, seed, X, y, v0, iters):
    """Your sharpness on a fresh model of this kind; its weights must be left unchanged."""
    model = make_model(kind, seed)
    X, y = torch.as_tensor(X), torch.as_tensor(y)
    before = [p.detach().clone() for p in model.parameters()]
    result = solution.sharpness(model, lambda: mse(model, X, y), torch.as_tensor(v0), iters)
    unchanged = all(torch.equal(a, p) for a, p in zip(before, model.parameters(), strict=True))
    return {"result": result, "weights_unchanged": unchanged}
