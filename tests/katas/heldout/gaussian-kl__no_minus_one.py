# kata: gaussian-kl
# bug: -1|constant
import numpy as np


def kl_diag_gaussians(mu1, logvar1, mu2, logvar2):
    mu1, logvar1, mu2, logvar2 = (np.asarray(a, float) for a in (mu1, logvar1, mu2, logvar2))
    s1, s2 = np.exp(0.5 * logvar1), np.exp(0.5 * logvar2)
    d = np.log(s2 / s1) + (s1 ** 2 + (mu1 - mu2) ** 2) / (2 * s2 ** 2)
    return np.sum(d, axis=-1)
