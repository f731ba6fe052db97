"""The paper's experiment: a small, noisy classification task where overfitting is easy.

`train_and_evaluate(seed)` is the paper's number for one seed: the held-out cross-entropy
after training. The seed fixes the data (a private generator) and, through
torch.manual_seed, the initial weights and the dropout masks. Read-only: import from it.
"""

import torch
from model import D_IN, DropoutMLP
from torch import nn

N_TRAIN, N_TEST, STEPS, LR, LABEL_NOISE = 48, 512, 40, 1e-2, 0.15
# Two-sided 97.5% quantiles of Student's t by degrees of freedom, for 95% intervals.
T_975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306,
         9: 2.262, 10: 2.228, 11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131}


def make_data(seed: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """(X_train, y_train, X_test, y_test): float32 inputs, int64 labels, 15% of them flipped."""
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(N_TRAIN + N_TEST, D_IN, generator=gen)
    w = torch.randn(D_IN, generator=gen) * (torch.rand(D_IN, generator=gen) < 0.3)
    y = (x @ w > 0).long()
    flip = torch.rand(len(y), generator=gen) < LABEL_NOISE
    y = torch.where(flip, 1 - y, y)
    return x[:N_TRAIN], y[:N_TRAIN], x[N_TRAIN:], y[N_TRAIN:]


def train(model: nn.Module, data: tuple[torch.Tensor, ...]) -> float:
    """STEPS full-batch Adam steps in training mode; the held-out cross-entropy in eval mode."""
    # float64: the run is then reproducible to ~1e-12 across processes, whatever order a
    # vectorised sum adds in (float32 rounding, amplified by training, reached 1e-2).
    model.double()
    x_train, y_train, x_test, y_test = (d.double() if d.is_floating_point() else d
                                        for d in data)
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    model.train()
    for _ in range(STEPS):
        loss = nn.functional.cross_entropy(model(x_train), y_train)
        opt.zero_grad()
        loss.backward()
        opt.step()
    model.eval()
    with torch.no_grad():
        return float(nn.functional.cross_entropy(model(x_test), y_test))


def train_and_evaluate(seed: int) -> float:
    """The paper's number for one seed: held-out cross-entropy of DropoutMLP."""
    data = make_data(seed)
    torch.manual_seed(seed)
    return train(DropoutMLP(), data)
