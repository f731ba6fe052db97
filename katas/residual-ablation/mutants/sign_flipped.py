"""The effect is reported as paper - ablated instead of ablated - paper"""

import math

import torch
from model import ResMLP
from train import T_975, make_data, train, train_and_evaluate

N_SEEDS = 5  # within the statement's 5..8


class PlainMLP(ResMLP):
    """ResMLP with every block's skip removed: h = fc2(relu(fc1(h))). Same parameters."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # (N, d_in) -> (N, d_out)
        h = self.inp(x)
        for block in self.blocks:
            h = block.fc2(torch.relu(block.fc1(h)))  # no "h +"
        return self.out(torch.relu(h))


def build_ablated() -> torch.nn.Module:
    return PlainMLP()


def run(ablate: bool, seed: int) -> float:
    """The paper's run for `seed`, with the residual connections removed if `ablate`."""
    if not ablate:
        return train_and_evaluate(seed)
    data = make_data(seed)
    torch.manual_seed(seed)  # the same initial weights as the paper's model
    return train(build_ablated(), data)


def claim(first_seed: int) -> dict:
    """Paired differences (ablated - paper) over N_SEEDS seeds, with a 95% t interval."""
    seeds = range(first_seed, first_seed + N_SEEDS)
    diffs = [run(False, s) - run(True, s) for s in seeds]
    n = len(diffs)
    mean = sum(diffs) / n
    sd = math.sqrt(sum((d - mean) ** 2 for d in diffs) / (n - 1))
    half = T_975[n - 1] * sd / math.sqrt(n)
    return {"effect": mean, "ci_low": mean - half, "ci_high": mean + half, "n_seeds": n}
