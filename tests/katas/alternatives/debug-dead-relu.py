"""debug-dead-relu fixed differently: torch.nn.init's kaiming_uniform_ (fan_in, relu gain)
with a seeded global RNG, small positive biases, and RMSprop."""

import torch
from torch import nn


def init_weights(model, seed):
    torch.manual_seed(seed)
    for layer in model.modules():
        if isinstance(layer, nn.Linear):
            nn.init.kaiming_uniform_(layer.weight, mode="fan_in", nonlinearity="relu")
            nn.init.constant_(layer.bias, 0.01)


def train(model, X, y, steps):
    opt = torch.optim.RMSprop(model.parameters(), lr=3e-3)
    history = []
    for _ in range(steps):
        opt.zero_grad()
        loss = nn.functional.mse_loss(model(X), y)
        loss.backward()
        opt.step()
        history.append(float(loss))
    return history
