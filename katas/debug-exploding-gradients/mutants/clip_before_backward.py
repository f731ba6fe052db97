import torch


def train(model, X, y, steps, lr):
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = ((model(X) - y) ** 2).mean()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)  # BUG: clips the zeroed grads
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses
