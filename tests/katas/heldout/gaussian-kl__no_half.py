# kata: gaussian-kl
# bug: 1/2|half
import numpy as np


def kl_diag_gaussians(mu1, logvar1, mu2, logvar2):
    mu1, logvar1, mu2, logvar2 = (np.asarray(a, float) for a in (mu1, logvar1, mu2, logvar2))
    d = logvar2 - logvar1 + np.exp(logvar1 - logvar2) + (mu1 - mu2) ** 2 / np.exp(logvar2) - 1
    return np.sum(d, axis=-1)
