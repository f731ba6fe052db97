"""debug-reproducibility fixed differently: private RNG objects instead of the global ones
(random.Random, numpy Generator), fork_rng around the run, and a seeded DataLoader."""

import random

import numpy as np
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset


def train(make_model, X, y, seed, epochs=6):
    py_rng = random.Random(seed)
    np_rng = np.random.default_rng(seed)
    with torch.random.fork_rng():  # leaves the caller's global torch RNG as it was
        torch.manual_seed(seed)
        model = make_model()
        opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
        idx = list(range(len(X)))
        py_rng.shuffle(idx)
        tr = idx[len(X) // 10:]
        loader = DataLoader(TensorDataset(X[tr], y[tr]), batch_size=16, shuffle=True,
                            generator=torch.Generator().manual_seed(seed + 1))
        for _ in range(epochs):
            model.train()
            for xb, yb in loader:
                jitter = torch.from_numpy(np_rng.standard_normal(tuple(xb.shape))).float()
                loss = F.cross_entropy(model(xb + 0.05 * jitter), yb)
                opt.zero_grad()
                loss.backward()
                opt.step()
        return {k: v.clone() for k, v in model.state_dict().items()}
