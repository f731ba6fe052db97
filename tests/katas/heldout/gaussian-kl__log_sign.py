# kata: gaussian-kl
# bug: sign
import numpy as np


def kl_diag_gaussians(mu1, logvar1, mu2, logvar2):
    mu1, logvar1, mu2, logvar2 = map(lambda a: np.asarray(a, float), (mu1, logvar1, mu2, logvar2))
    v1, v2 = np.exp(logvar1), np.exp(logvar2)
    terms = np.log(np.sqrt(v1) / np.sqrt(v2)) + (v1 + (mu1 - mu2) ** 2) / (2 * v2) - 0.5
    return terms.sum(-1)
