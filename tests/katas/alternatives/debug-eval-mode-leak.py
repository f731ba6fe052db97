"""debug-eval-mode-leak written differently: population std, RAdam with a
DataLoader, eval() restored through a context manager, numpy results."""

from contextlib import contextmanager

import torch
from torch.utils.data import DataLoader, TensorDataset


@contextmanager
def evaluating(model):
    was_training = model.training
    model.eval()
    try:
        with torch.inference_mode():
            yield model
    finally:
        model.train(was_training)


def fit_and_evaluate(model, X_train, y_train, X_test, y_test, epochs, lr):
    mu = X_train.mean(dim=0)
    sigma = X_train.std(dim=0, unbiased=False)
    loader = DataLoader(TensorDataset((X_train - mu) / sigma, y_train), batch_size=32,
                        shuffle=True)
    opt = torch.optim.RAdam(model.parameters(), lr=lr)
    loss_fn = torch.nn.CrossEntropyLoss()
    model.train()
    for _ in range(epochs):
        for xb, yb in loader:
            opt.zero_grad()
            loss_fn(model(xb), yb).backward()
            opt.step()
    with evaluating(model):
        pred = model((X_test - mu) / sigma).argmax(-1).numpy()
    return {"mean": mu.numpy(), "std": sigma.numpy(), "predictions": pred,
            "accuracy": float((pred == y_test.numpy()).mean())}
