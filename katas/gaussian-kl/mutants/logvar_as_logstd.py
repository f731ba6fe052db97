import numpy as np


def kl_diag_gaussians(mu1, logvar1, mu2, logvar2):
    s1, s2 = np.exp(logvar1), np.exp(logvar2)  # BUG: these are variances, not std devs
    return np.sum(np.log(s2 / s1) + (s1 ** 2 + (mu1 - mu2) ** 2) / (2 * s2 ** 2) - 0.5, axis=-1)
