import numpy as np


def kl_diag_gaussians(mu1, logvar1, mu2, logvar2):
    # BUG: the "-KL" term of the ELBO, without the minus sign that makes it KL
    return 0.5 * np.sum(1 + logvar1 - logvar2 - np.exp(logvar1 - logvar2)
                        - (mu1 - mu2) ** 2 / np.exp(logvar2), axis=-1)
