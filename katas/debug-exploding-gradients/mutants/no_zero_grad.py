import torch


def train(model, X, y, steps, lr):
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for _ in range(steps):
        loss = ((model(X) - y) ** 2).mean()
        loss.backward()  # BUG: adds to last step's gradients, never zeroed
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        losses.append(loss.item())
    return losses
