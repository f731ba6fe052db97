"""debug-silent-bugs fixed differently: nn losses with explicit shapes, population std, and
the standardiser kept as a small dataclass."""

from dataclasses import dataclass

import torch
from torch import nn


@dataclass(frozen=True)
class Standardiser:
    mean: torch.Tensor
    std: torch.Tensor

    def __call__(self, X):
        return (X - self.mean) / self.std

    def __iter__(self):
        return iter((self.mean, self.std))


def fit(model, X, y, task):
    scaler = Standardiser(X.mean(dim=0), X.std(dim=0, unbiased=False))
    inputs = scaler(X)
    loss_fn = nn.CrossEntropyLoss() if task == "classify" else nn.MSELoss()
    target = y if task == "classify" else y.reshape(-1, 1)   # (N, 1) like the output
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    model.train()
    for _ in range(200):
        opt.zero_grad()
        loss_fn(model(inputs), target).backward()
        opt.step()
    return tuple(scaler)


def predict(model, stats, X, task):
    mean, std = stats
    with torch.no_grad():
        out = model((X - mean) / std)
    return out.softmax(-1) if task == "classify" else out.squeeze(-1)
