"""Public harness for debug-dead-relu: the kata's deep network and the probes that call your
`init_weights` and `train`. Nothing here knows the expected answers."""

import torch
from torch import nn

DEPTH, WIDTH = 10, 32


class DeepMLP(nn.Module):
    """4 -> 32 -> ... -> 32 -> 1: DEPTH hidden layers of WIDTH ReLU units, a linear output."""

    def __init__(self, depth=DEPTH, width=WIDTH):
        super().__init__()
        sizes = [4] + [width] * depth
        self.hidden = nn.ModuleList(nn.Linear(a, b) for a, b in zip(sizes, sizes[1:], strict=False))
        self.out = nn.Linear(width, 1)

    def forward(self, x):
        for layer in self.hidden:
            x = torch.relu(layer(x))
        return self.out(x)[:, 0]  # (B,)


def _state(model):
    return {k: v.detach().clone() for k, v in model.state_dict().items()}


def init_state(solution, seed):
    """A DeepMLP after your init_weights(model, seed)."""
    model = DeepMLP()
    solution.init_weights(model, seed)
    return {"state": _state(model)}


def fit(solution, seed, X, y, steps):
    """A DeepMLP initialised by your init_weights, then trained by your train."""
    model = DeepMLP()
    solution.init_weights(model, seed)
    losses = solution.train(model, torch.from_numpy(X), torch.from_numpy(y), steps)
    if isinstance(losses, tuple | list):
        losses = [float(v) for v in losses]
    return {"state": _state(model), "losses": losses}
