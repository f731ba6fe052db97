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
        if training:
            assert N > 1, "training needs at least two samples to estimate a variance"
            mean = x.mean(axis=0)  # (D,)
            var = x.var(axis=0)  # (D,) biased: what we normalise with
            m = self.momentum
            running_mean = (1 - m) * self.running_mean + m * mean  # BUG: never stored
            running_var = (1 - m) * self.running_var + m * var * N / (N - 1)
        else:
            mean, var = self.running_mean, self.running_var
        xhat = (x - mean) / np.sqrt(var + self.eps)  # (N, D)
        return self.gamma * xhat + self.beta
