"""Adam, as in Kingma & Ba (2015), Algorithm 1."""

import numpy as np


class Adam:
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        assert 0.0 <= betas[0] < 1.0 and 0.0 <= betas[1] < 1.0
        self.params = params  # dict name -> array, updated in place
        self.lr, self.beta1, self.beta2, self.eps = lr, betas[0], betas[1], eps
        self.m = {k: np.zeros_like(p) for k, p in params.items()}  # first moment
        self.v = {k: np.zeros_like(p) for k, p in params.items()}  # second moment
        self.t = 0

    def step(self, grads):
        self.t += 1  # t = 1 on the first step
        for k, p in self.params.items():
            g = grads[k]
            assert g.shape == p.shape
            self.m[k] = self.beta1 * self.m[k] + (1 - self.beta1) * g
            self.v[k] = self.beta2 * self.v[k] + (1 - self.beta2) * g**2
            m_hat = self.m[k] / (1 - self.beta1**self.t)  # undo the bias towards 0
            v_hat = self.v[k] / (1 - self.beta2**self.t)
            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)  # in place
