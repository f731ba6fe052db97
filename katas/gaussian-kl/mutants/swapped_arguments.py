import numpy as np


def kl_diag_gaussians(mu1, logvar1, mu2, logvar2):
    # BUG: the formula of KL(N2 || N1)
    return 0.5 * np.sum(logvar1 - logvar2 + np.exp(logvar2 - logvar1)
                        + (mu1 - mu2) ** 2 / np.exp(logvar1) - 1, axis=-1)
