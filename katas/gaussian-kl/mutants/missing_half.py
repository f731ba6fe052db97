import numpy as np


def kl_diag_gaussians(mu1, logvar1, mu2, logvar2):
    var1, var2 = np.exp(logvar1), np.exp(logvar2)
    # BUG: no 1/2 in front
    return np.sum(logvar2 - logvar1 + (var1 + (mu1 - mu2) ** 2) / var2 - 1, axis=-1)
