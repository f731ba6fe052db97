"""The deep ReLU network, fixed. He (Kaiming) initialisation keeps each layer's activations at
the same scale (a ReLU keeps half the variance, so Var(w) = 2 / fan_in), zero biases keep every
unit alive at the start, and Adam with a moderate step trains it without killing units."""

import math

import torch
from torch import nn


def init_weights(model, seed):
    gen = torch.Generator().manual_seed(seed)
    for m in model.modules():
        if isinstance(m, nn.Linear):
            std = math.sqrt(2.0 / m.in_features)      # He: Var(w) = 2 / fan_in
            with torch.no_grad():
                m.weight.normal_(0.0, std, generator=gen)
                m.bias.zero_()                         # not negative: no unit starts dead


def train(model, X, y, steps):
    assert X.ndim == 2 and y.shape == (X.shape[0],)
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    losses = []
    for _ in range(steps):
        loss = ((model(X) - y) ** 2).mean()           # (B,) - (B,): mean squared error
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses
