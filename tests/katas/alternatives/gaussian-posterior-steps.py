import numpy as np


def posterior(x, mu0, var0, noise_var):
    n = len(x)
    # The posterior mean shrinks the sample mean toward mu0 by the weight of the prior.
    weight = var0 / (var0 + noise_var / n) if n else 0.0
    xbar = float(np.mean(x)) if n else 0.0
    mu_n = weight * xbar + (1.0 - weight) * mu0
    var_n = var0 * noise_var / (noise_var + n * var0)
    return mu_n, var_n
