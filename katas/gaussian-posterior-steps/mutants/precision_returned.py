import numpy as np


def posterior(x, mu0, var0, noise_var):
    x = np.asarray(x, dtype=np.float64)
    precision = 1.0 / var0 + x.size / noise_var
    mu_n = (mu0 / var0 + x.sum() / noise_var) / precision
    return float(mu_n), float(precision)  # BUG: the precision, not the variance
