# kata: debug-training-loop
# bug: momentum
import torch
import torch.nn.functional as F


def train(model, X, y, epochs, lr, batch_size):
    assert X.ndim == 2 and y.shape == (X.shape[0],), "X is (N, D), y is (N,) class labels"
    opt = torch.optim.SGD(model.parameters(), lr, 0.9)
    n = X.shape[0]
    losses = []
    for _ in range(epochs):
        model.train()                                  # dropout on while training
        perm = torch.randperm(n)                       # one order for inputs AND labels
        total = 0.0
        for i in range(0, n, batch_size):
            idx = perm[i:i + batch_size]
            logits = model(X[idx])                     # (B, C) raw scores, no softmax
            loss = F.cross_entropy(logits, y[idx])     # mean over the batch; softmax inside
            opt.zero_grad()                            # gradients would add up otherwise
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        losses.append(total / n)                       # this epoch's mean, reset every epoch
    return losses
