import torch
import torch.nn.functional as F


def fit(model, X, y, task, steps=200, lr=1e-2):
    """Standardise X, train model on it; return the (mean, std) used to standardise."""
    mean, std = X.mean(0), X.std(0)
    Xs = (X - mean) / std
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    model.train()
    for _ in range(steps):
        out = model(Xs)
        if task == "classify":
            loss = F.cross_entropy(torch.softmax(out, dim=1), y)
        else:
            loss = ((out - y) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
    return mean, std


def predict(model, stats, X, task):
    """Class probabilities (N, C) for "classify", values (N,) for "regress"."""
    mean, std = X.mean(0), X.std(0)  # standardise the inputs, as in training
    with torch.no_grad():
        out = model((X - mean) / std)
    return torch.softmax(out, dim=1) if task == "classify" else out[:, 0]
