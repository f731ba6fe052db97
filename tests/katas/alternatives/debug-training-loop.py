"""debug-training-loop written differently: a DataLoader, log_softmax + nll_loss, SGD by hand."""

import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset


def train(model, X, y, epochs, lr, batch_size):
    loader = DataLoader(TensorDataset(X, y), batch_size=batch_size, shuffle=True)
    params = [p for p in model.parameters() if p.requires_grad]
    history = []
    for _ in range(epochs):
        model.train()
        batch_losses = []
        for xb, yb in loader:
            loss = F.nll_loss(F.log_softmax(model(xb), dim=-1), yb)
            grads = torch.autograd.grad(loss, params)
            with torch.no_grad():
                for p, g in zip(params, grads, strict=True):
                    p.sub_(lr * g)
            batch_losses.append(loss.detach())
        history.append(torch.stack(batch_losses).mean().item())
    return history
