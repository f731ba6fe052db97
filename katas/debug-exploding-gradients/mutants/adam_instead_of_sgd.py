"""Adam instead of SGD: Adam rescales each step, so clipping the gradient no longer bounds it"""

import torch


def train(model, X, y, steps, lr):
    assert X.ndim == 2 and y.shape == (X.shape[0], 1)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)  # BUG: Adam; the task is SGD
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()  # gradients accumulate otherwise
        loss = ((model(X) - y) ** 2).mean()  # (N, 1) -> scalar: mean, not sum
        loss.backward()
        # after backward, before step: the whole step is at most lr * 1.0 long
        torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
        optimizer.step()
        losses.append(loss.item())
    return losses
