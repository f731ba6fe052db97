"""The paper's experiment: next-token prediction on a tiny synthetic language.

Each sequence starts with two random tokens and continues x[t] = (x[t-1] + x[t-2]) mod VOCAB,
so every token after the second is predictable from the two before it. The paper trains
with a large learning rate and no warm-up and reports the held-out cross-entropy on the
predictable positions. `train_and_evaluate(seed)` is its number for one seed; the seed fixes
the data (a private generator) and, through torch.manual_seed, the initial weights.
Read-only: import from it, do not copy it.
"""

import torch
from model import VOCAB, PostLNTransformer, T
from torch import nn

N_TRAIN, N_TEST, STEPS, LR = 64, 128, 20, 1e-2
# Two-sided 97.5% quantiles of Student's t by degrees of freedom, for 95% intervals.
T_975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306,
         9: 2.262, 10: 2.228, 11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131}


def make_data(seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """(train, test) int64 sequences of shape (N, T), from a generator private to `seed`."""
    gen = torch.Generator().manual_seed(seed)
    seqs = torch.zeros(N_TRAIN + N_TEST, T, dtype=torch.long)
    seqs[:, :2] = torch.randint(0, VOCAB, (N_TRAIN + N_TEST, 2), generator=gen)
    for t in range(2, T):
        seqs[:, t] = (seqs[:, t - 1] + seqs[:, t - 2]) % VOCAB
    return seqs[:N_TRAIN], seqs[N_TRAIN:]


def loss_on(model: nn.Module, seqs: torch.Tensor) -> torch.Tensor:
    """Mean cross-entropy of predicting tokens 2..T-1 from the ones before them."""
    logits = model(seqs[:, :-1])  # (N, T-1, VOCAB)
    return nn.functional.cross_entropy(logits[:, 1:].reshape(-1, VOCAB), seqs[:, 2:].reshape(-1))


def train(model: nn.Module, data: tuple[torch.Tensor, torch.Tensor]) -> float:
    """STEPS full-batch Adam steps, no warm-up; returns the held-out cross-entropy."""
    # float64: the run is then reproducible to ~1e-12 across processes, whatever order a
    # vectorised sum adds in (float32 rounding, amplified by training, reached 1e-2).
    model.double()
    train_seqs, test_seqs = data
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    for _ in range(STEPS):
        loss = loss_on(model, train_seqs)
        opt.zero_grad()
        loss.backward()
        opt.step()
    with torch.no_grad():
        return float(loss_on(model, test_seqs))


def train_and_evaluate(seed: int) -> float:
    """The paper's number for one seed: held-out cross-entropy of the Post-LN model."""
    data = make_data(seed)
    torch.manual_seed(seed)
    return train(PostLNTransformer(), data)
