# kata: adam-optimizer
# bug: eps|sqrt
import numpy as np


class Adam:
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        self.params, self.lr, (self.b1, self.b2), self.eps = params, lr, betas, eps
        self.state = {k: (np.zeros_like(v), np.zeros_like(v)) for k, v in params.items()}
        self.n = 0

    def step(self, grads):
        self.n += 1
        for k, p in self.params.items():
            m, v = self.state[k]
            m = self.b1 * m + (1 - self.b1) * grads[k]
            v = self.b2 * v + (1 - self.b2) * grads[k] * grads[k]
            self.state[k] = (m, v)
            mh, vh = m / (1 - self.b1 ** self.n), v / (1 - self.b2 ** self.n)
            p -= self.lr * mh / np.sqrt(vh + self.eps)
