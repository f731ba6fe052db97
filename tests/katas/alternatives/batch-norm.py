"""batch-norm written differently: keepdims statistics, in-place running updates, float32
parameters, the unbiased variance from ddof=1."""

import numpy as np


class BatchNorm1d:
    def __init__(self, num_features, momentum=0.1, eps=1e-5):
        self.momentum = float(momentum)
        self.eps = float(eps)
        self.gamma = np.ones(num_features, dtype=np.float32)
        self.beta = np.zeros(num_features, dtype=np.float32)
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)

    def forward(self, x, training):
        if not training:
            scale = self.gamma / np.sqrt(self.running_var + self.eps)
            return (x - self.running_mean) * scale + self.beta
        mu = np.mean(x, axis=0, keepdims=True)
        sq = np.mean((x - mu) ** 2, axis=0, keepdims=True)
        self.running_mean *= 1.0 - self.momentum
        self.running_mean += self.momentum * mu[0]
        self.running_var *= 1.0 - self.momentum
        self.running_var += self.momentum * np.var(x, axis=0, ddof=1)
        return self.gamma * ((x - mu) / np.sqrt(sq + self.eps)) + self.beta
