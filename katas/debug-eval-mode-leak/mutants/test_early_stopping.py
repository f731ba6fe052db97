import copy

import torch
import torch.nn.functional as F


def fit_and_evaluate(model, X_train, y_train, X_test, y_test, epochs, lr):
    mean, std = X_train.mean(0), X_train.std(0)
    X_train, X_test = (X_train - mean) / std, (X_test - mean) / std
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    best = (-1.0, None, None)
    for _ in range(epochs):
        model.train()
        order = torch.randperm(len(X_train))
        for i in range(0, len(X_train), 64):
            batch = order[i:i + 64]
            loss = F.cross_entropy(model(X_train[batch]), y_train[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        model.eval()
        with torch.no_grad():
            predictions = model(X_test).argmax(dim=1)
        accuracy = (predictions == y_test).float().mean().item()
        if accuracy > best[0]:  # BUG: model selection on the test set
            best = (accuracy, copy.deepcopy(model.state_dict()), predictions)
    model.load_state_dict(best[1])
    model.train()
    return {"accuracy": best[0], "mean": mean, "std": std, "predictions": best[2]}
