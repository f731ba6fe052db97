import numpy as np


def kl_diag_gaussians(mu1, logvar1, mu2, logvar2):
    """KL(N(mu1, exp(logvar1)) || N(mu2, exp(logvar2))), summed over the last axis."""
    raise NotImplementedError
