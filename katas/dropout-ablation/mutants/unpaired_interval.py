"""An unpaired (Welch) interval: the seeds pair the runs, use the per-seed differences"""

import math

import torch
from model import DropoutMLP
from torch import nn
from train import T_975, make_data, train, train_and_evaluate

N_SEEDS = 6  # within the statement's 5..8


class NoDropoutMLP(DropoutMLP):
    """The same layers and parameters; both dropouts become the identity."""

    def __init__(self) -> None:
        super().__init__()
        self.drop1 = nn.Identity()
        self.drop2 = nn.Identity()


def build_ablated() -> torch.nn.Module:
    return NoDropoutMLP()


def run(ablate: bool, seed: int) -> float:
    """The paper's run for `seed`, without dropout if `ablate`."""
    if not ablate:
        return train_and_evaluate(seed)
    data = make_data(seed)
    torch.manual_seed(seed)  # the same initial weights as the paper's model
    return train(build_ablated(), data)


def claim(first_seed: int) -> dict:
    """Paired differences (ablated - paper) over N_SEEDS seeds, with a 95% t interval."""
    seeds = range(first_seed, first_seed + N_SEEDS)
    diffs = [run(True, s) - run(False, s) for s in seeds]
    n = len(diffs)
    mean = sum(diffs) / n
    on = [run(False, s) for s in seeds]  # BUG: the arms as two independent samples
    off = [run(True, s) for s in seeds]
    var = [sum((v - sum(a) / n) ** 2 for v in a) / (n - 1) for a in (on, off)]
    sd = math.sqrt(var[0] + var[1])
    half = T_975[n - 1] * sd / math.sqrt(n)
    return {"effect": mean, "ci_low": mean - half, "ci_high": mean + half, "n_seeds": n}
