"""adam-optimizer written differently: state in one dict per key, running beta powers, out=."""

import numpy as np


class Adam:
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        self.params = params
        self.hyper = dict(lr=lr, b1=betas[0], b2=betas[1], eps=eps)
        self.state = {k: {"m": np.zeros(p.shape), "v": np.zeros(p.shape)}
                      for k, p in params.items()}
        self.pow1 = self.pow2 = 1.0  # beta1**t, beta2**t

    def step(self, grads):
        h = self.hyper
        self.pow1 *= h["b1"]
        self.pow2 *= h["b2"]
        for name in self.params:
            s, g = self.state[name], np.asarray(grads[name], dtype=np.float64)
            s["m"] += (1 - h["b1"]) * (g - s["m"])
            s["v"] += (1 - h["b2"]) * (g * g - s["v"])
            denom = np.sqrt(s["v"] / (1 - self.pow2)) + h["eps"]
            update = h["lr"] * (s["m"] / (1 - self.pow1)) / denom
            p = self.params[name]
            np.subtract(p, update.astype(p.dtype), out=p)
