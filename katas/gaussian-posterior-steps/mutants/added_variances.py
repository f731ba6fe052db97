import numpy as np


def posterior(x, mu0, var0, noise_var):
    x = np.asarray(x, dtype=np.float64)
    var_n = 1.0 / (1.0 / var0 + 1.0 / noise_var) if x.size else var0  # BUG: one observation counted, n ignored
    mu_n = var_n * (mu0 / var0 + x.sum() / noise_var)
    return float(mu_n), float(var_n)
