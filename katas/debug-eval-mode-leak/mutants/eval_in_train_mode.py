import torch
import torch.nn.functional as F


def fit_and_evaluate(model, X_train, y_train, X_test, y_test, epochs, lr):
    mean, std = X_train.mean(0), X_train.std(0)  # (d,): from the training data only
    X_train, X_test = (X_train - mean) / std, (X_test - mean) / std

    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    model.train()
    for _ in range(epochs):
        order = torch.randperm(len(X_train))
        for i in range(0, len(X_train), 64):
            batch = order[i:i + 64]
            loss = F.cross_entropy(model(X_train[batch]), y_train[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()

    # BUG: no model.eval(): dropout stays on and batch norm uses (and records) the test batch
    with torch.no_grad():
        predictions = model(X_test).argmax(dim=1)  # (N_test,)
    model.train()  # hand the model back as we found it
    accuracy = (predictions == y_test).float().mean().item()
    return {"accuracy": accuracy, "mean": mean, "std": std, "predictions": predictions}
