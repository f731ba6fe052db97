import numpy as np


def posterior(x, mu0, var0, noise_var):
    x = np.asarray(x, dtype=np.float64)
    precision = 1.0 / var0 + x.size / noise_var  # precisions add
    var_n = 1.0 / precision
    mu_n = var_n * (mu0 / var0 + x.sum() / noise_var)
    return float(mu_n), float(var_n)
