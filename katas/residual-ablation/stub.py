import torch
from model import ResMLP
from train import T_975, make_data, train, train_and_evaluate  # noqa: F401


def build_ablated() -> torch.nn.Module:
    """ResMLP without its residual connections: same parameters, no block adds its input."""
    raise NotImplementedError


def run(ablate: bool, seed: int) -> float:
    """The paper's run for `seed` (held-out MSE), with the ablated model if `ablate`."""
    raise NotImplementedError


def claim(first_seed: int) -> dict:
    """{"effect", "ci_low", "ci_high", "n_seeds"} over seeds first_seed, first_seed + 1, ..."""
    raise NotImplementedError
