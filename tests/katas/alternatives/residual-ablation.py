"""Alternative for residual-ablation: a block wrapper that drops the skip, a statistics module."""

import statistics

import torch
from model import ResMLP
from torch import nn
from train import T_975, make_data, train, train_and_evaluate


class NoSkip(nn.Module):
    """Wraps a paper Block and computes only its branch (the parameters stay where they were)."""

    def __init__(self, block: nn.Module) -> None:
        super().__init__()
        self.fc1, self.fc2 = block.fc1, block.fc2

    def forward(self, h):
        return self.fc2(self.fc1(h).relu())


def build_ablated():
    model = ResMLP()  # draws the initial weights exactly as the paper does
    model.blocks = nn.ModuleList(NoSkip(b) for b in model.blocks)
    return model


def run(ablate, seed):
    data = make_data(seed)
    if not ablate:
        return train_and_evaluate(seed)
    torch.manual_seed(seed)
    return train(build_ablated(), data)


def claim(first_seed):
    n = 6
    d = [run(True, first_seed + i) - run(False, first_seed + i) for i in range(n)]
    m = statistics.fmean(d)
    half = T_975[n - 1] * statistics.stdev(d) / n ** 0.5
    return dict(effect=m, ci_low=m - half, ci_high=m + half, n_seeds=n)
