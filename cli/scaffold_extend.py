'''`katagrad new --format extend`: an "extend a paper" kata that validates as generated.

The paper's code ships read-only in context/ (graders/context.py); the candidate builds the
ablated model, runs both arms and reports a claim that graders/claims.py judges.
'''

from __future__ import annotations

from pathlib import Path

KATA_TOML = """id = "{id}"
title = "{title}"
difficulty = "medium"
topics = ["extend a paper", "ablation", "replace-me"]
framework = "torch"
stage = "extend"
defines = ["build_ablated", "run", "claim"]
context = ["context/model.py", "context/train.py"]   # read-only, importable beside the solution

[limits]
cpu_s = 20
wall_s = 40
memory_mb = 2048

[forbid]
modules = ["jax", "tensorflow"]
apis = []
"""

MODEL = '''"""The paper's model: y = fc2(tanh(fc1(x))) + x, a residual two-layer net."""

import torch
from torch import nn

D = 4


class Net(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc1 = nn.Linear(D, 8)
        self.fc2 = nn.Linear(8, D)

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # (N, D) -> (N, D)
        return self.fc2(torch.tanh(self.fc1(x))) + x
'''

TRAIN = '''"""The paper's experiment: `train_and_evaluate(seed)`, the held-out MSE for one seed."""

import torch
from torch import nn

from model import D, Net

STEPS, LR = 20, 1e-2
T_975 = {4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365}  # Student's t quantiles by degrees of freedom


def make_data(seed):
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(96, D, generator=gen)
    y = x + 0.3 * torch.sin(3 * x)
    return x[:32], y[:32], x[32:], y[32:]


def train(model, data):
    x, y, x_test, y_test = data
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    for _ in range(STEPS):
        loss = nn.functional.mse_loss(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    with torch.no_grad():
        return float(nn.functional.mse_loss(model(x_test), y_test))


def train_and_evaluate(seed):
    data = make_data(seed)
    torch.manual_seed(seed)
    return train(Net(), data)
'''

STATEMENT = """# {title}

The paper's code is beside your file, read-only: `model.py` (`Net`, whose output adds its
input back) and `train.py` (`train_and_evaluate(seed)`, the held-out MSE). Ablate the
skip connection.

## `build_ablated() -> torch.nn.Module`

`Net` without `+ x`: the same parameters (names, shapes, creation order), float32,
`(N, 4) -> (N, 4)`, checked on the grader's weights to `rtol=1e-4, atol=1e-5`.

## `run(ablate: bool, seed: int) -> float`

`run(False, seed) == train_and_evaluate(seed)`; `run(True, seed)` is the same run with
`build_ablated()` (seed with `torch.manual_seed(seed)` right before building it).

## `claim(first_seed: int) -> dict`

Over seeds `first_seed, ..., first_seed + n - 1`, 5 <= n <= 7: `effect` (mean of
`run(True, s) - run(False, s)`), `ci_low`, `ci_high` (paired 95% interval,
`effect -/+ T_975[n - 1] * s / sqrt(n)`, s with ddof = 1) and `n_seeds` (an int).
"""

STUB = '''import torch
from model import Net  # noqa: F401
from train import T_975, make_data, train, train_and_evaluate  # noqa: F401


def build_ablated() -> torch.nn.Module:
    raise NotImplementedError


def run(ablate: bool, seed: int) -> float:
    raise NotImplementedError


def claim(first_seed: int) -> dict:
    raise NotImplementedError
'''

REFERENCE = '''import math

import torch
from model import Net
from train import T_975, make_data, train, train_and_evaluate

N_SEEDS = 5


class NoSkip(Net):
    def forward(self, x):
        return self.fc2(torch.tanh(self.fc1(x)))


def build_ablated():
    return NoSkip()


def run(ablate, seed):
    if not ablate:
        return train_and_evaluate(seed)
    data = make_data(seed)
    torch.manual_seed(seed)
    return train(build_ablated(), data)


def claim(first_seed):
    diffs = [run(True, s) - run(False, s) for s in range(first_seed, first_seed + N_SEEDS)]
    n = len(diffs)
    mean = sum(diffs) / n
    sd = math.sqrt(sum((d - mean) ** 2 for d in diffs) / (n - 1))
    half = T_975[n - 1] * sd / math.sqrt(n)
    return {"effect": mean, "ci_low": mean - half, "ci_high": mean + half, "n_seeds": n}
'''

HARNESS = '''"""Public harness: the candidate's ablated model, given weights, applied to x."""

import torch


def forward(solution, weights, x):
    model = solution.build_ablated()
    model.load_state_dict({k: torch.as_tensor(v) for k, v in weights.items()}, strict=True)
    with torch.no_grad():
        return model(torch.as_tensor(x)).detach().clone()
'''

CHECKS = '''"""Checks for {id}. Trusted: never enters the sandbox."""

import functools

import numpy as np
import torch
from model import Net
from train import T_975

from graders.claims import judge_claim
from graders.kit import GLOBAL_RNG, check


@functools.lru_cache(maxsize=1024)
def _run(ref, ablate, seed):
    with GLOBAL_RNG:  # trusted runs seed torch's one global generator
        return float(ref.run(ablate, seed))


def _forward(cls, weights, x):
    with GLOBAL_RNG:
        model = cls()
    model.load_state_dict({{k: torch.as_tensor(v) for k, v in weights.items()}})
    with torch.no_grad():
        return model(torch.as_tensor(x))


@check(points=1, visible=True)
def ablated_forward(t):
    """build_ablated() with the grader's weights: no skip connection."""
    with GLOBAL_RNG:
        shapes = {{k: tuple(v.shape) for k, v in Net().state_dict().items()}}
    weights = {{k: t.rng.standard_normal(s).astype(np.float32) for k, s in shapes.items()}}
    x = t.rng.standard_normal((6, 4)).astype(np.float32)
    got = yield t.probe("forward", weights, x)
    t.close(got, _forward(t.ref.NoSkip, weights, x), what="build_ablated() forward",
            rtol=1e-4, atol=1e-5, bugs={{"the skip connection is still there":
                                         _forward(Net, weights, x)}})


@check(points=2)
def runs(t):
    """run(False, seed) and run(True, seed) for a random seed."""
    seed = int(t.rng.integers(10**6))
    got = yield [t.call("run", False, seed), t.call("run", True, seed)]
    for value, ablate in zip(got, (False, True), strict=True):
        t.close(t.number(value, f"run({{ablate}}, {{seed}})"), _run(t.ref, ablate, seed),
                what=f"run({{ablate}}, {{seed}})", rtol=1e-4, atol=1e-6)


@check(points=3)
def claim_right_and_calibrated(t):
    """claim(first_seed) matches reference runs and covers fresh seeds' estimate."""
    first = int(t.rng.integers(10**6))
    fresh = [int(s) for s in t.rng.integers(2 * 10**6, 3 * 10**6, 5)]
    got = yield t.call("claim", first)
    judge_claim(t, got, first_seed=first, pair=lambda s: (_run(t.ref, False, s),
                                                          _run(t.ref, True, s)),
                fresh_seeds=fresh, min_seeds=5, max_seeds=7, t975=T_975)
'''

MUTANTS = {  # file: (the bug, what of the reference it replaces, with what)
    "skip_kept.py": ("The skip connection is still there",
                     "        return self.fc2(torch.tanh(self.fc1(x)))\n",
                     "        return self.fc2(torch.tanh(self.fc1(x))) + x\n"),
    "normal_interval.py": ("1.96 instead of Student's t",
                           "half = T_975[n - 1] * sd", "half = 1.96 * sd"),
    "too_few_seeds.py": ("The claim rests on fewer than 5 seeds", "N_SEEDS = 5", "N_SEEDS = 3"),
}


def write(target: Path, kata_id: str) -> None:
    """Create `target` as a complete extend-a-paper kata named `kata_id`."""
    fields = {"id": kata_id, "title": kata_id.replace("-", " ").capitalize()}
    (target / "mutants").mkdir(parents=True)
    (target / "context").mkdir()
    (target / "kata.toml").write_text(KATA_TOML.format(**fields))
    (target / "context" / "model.py").write_text(MODEL)
    (target / "context" / "train.py").write_text(TRAIN)
    (target / "statement.md").write_text(STATEMENT.format(**fields))
    (target / "stub.py").write_text(STUB)
    (target / "reference.py").write_text(REFERENCE)
    (target / "harness.py").write_text(HARNESS)
    (target / "checks.py").write_text(CHECKS.format(**fields))
    for name, (bug, old, new) in MUTANTS.items():
        assert old in REFERENCE, name
        (target / "mutants" / name).write_text(f'"""{bug}"""\n' + REFERENCE.replace(old, new))
