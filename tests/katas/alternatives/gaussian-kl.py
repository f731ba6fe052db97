"""gaussian-kl written differently: float32, standard deviations, an explicit loop over dims."""

import numpy as np


def _kl_diag_gaussians(mu1, logvar1, mu2, logvar2):
    arrays = np.broadcast_arrays(*(np.asarray(a, dtype=np.float32)
                                   for a in (mu1, logvar1, mu2, logvar2)))
    m1, lv1, m2, lv2 = arrays
    total = np.zeros(m1.shape[:-1], dtype=np.float32)
    for i in range(m1.shape[-1]):
        s1, s2 = np.exp(lv1[..., i] / 2), np.exp(lv2[..., i] / 2)
        total += np.log(s2 / s1) + (s1**2 + (m1[..., i] - m2[..., i]) ** 2) / (2 * s2**2) - 0.5
    return total


# The kata's variant (kata.toml [variants]) says which way round the KL is taken.
KL_UNDER = "first"  # the argument pair the expectation is taken under


def kl_diag_gaussians(mu1, logvar1, mu2, logvar2):
    if KL_UNDER == "first":
        return _kl_diag_gaussians(mu1, logvar1, mu2, logvar2)  # KL(N1 || N2)
    return _kl_diag_gaussians(mu2, logvar2, mu1, logvar1)  # KL(N2 || N1)
