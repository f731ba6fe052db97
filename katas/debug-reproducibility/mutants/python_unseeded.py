"""BUG: Python's random is not seeded."""

import random

import numpy as np
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset


def train(make_model, X, y, seed, epochs=6):
    np.random.seed(seed)                     # the input jitter
    torch.manual_seed(seed)                  # BEFORE the model exists: its initial weights
    model = make_model()
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)

    idx = list(range(len(X)))
    random.shuffle(idx)
    n_val = len(X) // 10
    val, tr = idx[:n_val], idx[n_val:]
    order = torch.Generator().manual_seed(seed)  # the shuffling order, independent of the rest
    loader = DataLoader(TensorDataset(X[tr], y[tr]), batch_size=16, shuffle=True,
                        generator=order, num_workers=0)

    for _ in range(epochs):
        model.train()
        for xb, yb in loader:
            xb = xb + 0.05 * torch.from_numpy(np.random.randn(*xb.shape)).float()
            loss = F.cross_entropy(model(xb), yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
    return model.state_dict()
