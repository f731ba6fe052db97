import numpy as np


def posterior(x, mu0, var0, noise_var):
    x = np.asarray(x, dtype=np.float64)
    var_n = 1.0 / (1.0 / var0 + x.size / noise_var)
    mu_n = x.mean() if x.size else mu0  # BUG: the prior is ignored (the MLE)
    return float(mu_n), float(var_n)
