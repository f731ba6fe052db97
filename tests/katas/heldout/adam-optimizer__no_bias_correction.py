# kata: adam-optimizer
# bug: bias correction
import numpy as np


class Adam:
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        self.params, self.lr, (self.b1, self.b2), self.eps = params, lr, betas, eps
        self.state = {k: (np.zeros_like(v), np.zeros_like(v)) for k, v in params.items()}

    def step(self, grads):
        for k, p in self.params.items():
            m, v = self.state[k]
            m = self.b1 * m + (1 - self.b1) * grads[k]
            v = self.b2 * v + (1 - self.b2) * grads[k] * grads[k]
            self.state[k] = (m, v)
            p -= self.lr * m / (np.sqrt(v) + self.eps)
