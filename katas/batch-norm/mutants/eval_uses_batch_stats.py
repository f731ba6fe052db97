import numpy as np


class BatchNorm1d:
    def __init__(self, num_features, momentum=0.1, eps=1e-5):
        self.momentum, self.eps = momentum, eps
        self.gamma = np.ones(num_features)  # (D,)
        self.beta = np.zeros(num_features)  # (D,)
        self.running_mean = np.zeros(num_features)  # (D,)
        self.running_var = np.ones(num_features)  # (D,)

    def forward(self, x, training):
        N, D = x.shape
        mean = x.mean(axis=0)  # BUG: batch statistics in eval too
        var = x.var(axis=0)
        if training:
            m = self.momentum
            self.running_mean = (1 - m) * self.running_mean + m * mean
            self.running_var = (1 - m) * self.running_var + m * var * N / (N - 1)  # unbiased
        xhat = (x - mean) / np.sqrt(var + self.eps)  # (N, D)
        return self.gamma * xhat + self.beta
