import torch


def train(model, X, y, steps, lr):
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = ((model(X) - y) ** 2).mean()
        loss.backward()
        torch.nn.utils.clip_grad_value_(model.parameters(), 0.1)  # BUG: per-element clipping
        optimizer.step()
        losses.append(loss.item())
    return losses
