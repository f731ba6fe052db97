import numpy as np


def kl_diag_gaussians(mu1, logvar1, mu2, logvar2):
    per_dim = 0.5 * (logvar2 - logvar1 + np.exp(logvar1 - logvar2)
                     + (mu1 - mu2) ** 2 / np.exp(logvar2) - 1)
    return np.mean(per_dim, axis=-1)  # BUG: mean instead of sum over dimensions
