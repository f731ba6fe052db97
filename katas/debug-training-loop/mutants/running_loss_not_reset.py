# BUG (the stub with every other bug fixed): running_loss is initialised once, so each epoch's loss includes all earlier epochs
import torch
from torch import nn


def train(model, X, y, epochs, lr, batch_size):
    """Train `model` in place with mini-batch SGD; return the mean training loss of each epoch."""
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    n = X.shape[0]
    n_batches = n // batch_size
    losses = []
    running_loss = 0.0
    for epoch in range(epochs):
        model.train()
        perm = torch.randperm(n)  # reshuffle every epoch
        X, y = X[perm], y[perm]
        for start in range(0, n, batch_size):
            xb, yb = X[start:start + batch_size], y[start:start + batch_size]
            loss = loss_fn(model(xb), yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            running_loss += loss.item()
        losses.append(running_loss / n_batches)

        model.eval()
        with torch.no_grad():
            acc = (model(X).argmax(dim=1) == y).float().mean().item()
        print(f"epoch {epoch}: loss {losses[-1]:.4f}  train acc {acc:.3f}")
    return losses
