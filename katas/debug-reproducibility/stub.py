import random

import numpy as np
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset


def train(make_model, X, y, seed, epochs=6):
    """Train make_model() on (X, y); the same seed must give bit-identical weights every time."""
    model = make_model()
    torch.manual_seed(seed)
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)

    idx = list(range(len(X)))
    random.shuffle(idx)                      # hold out 10% to watch for overfitting
    n_val = len(X) // 10
    val, tr = idx[:n_val], idx[n_val:]
    loader = DataLoader(TensorDataset(X[tr], y[tr]), batch_size=16, shuffle=True)

    for epoch in range(epochs):
        model.train()
        for xb, yb in loader:
            xb = xb + 0.05 * torch.from_numpy(np.random.randn(*xb.shape)).float()  # jitter
            loss = F.cross_entropy(model(xb), yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
        model.eval()
        with torch.no_grad():
            acc = (model(X[val]).argmax(1) == y[val]).float().mean().item()
        print(f"epoch {epoch}: validation accuracy {acc:.3f}")
    return model.state_dict()
