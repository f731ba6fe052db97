import numpy as np


def _kl_diag_gaussians(mu1, logvar1, mu2, logvar2):
    mu1, logvar1, mu2, logvar2 = (np.asarray(a, dtype=np.float64)
                                  for a in (mu1, logvar1, mu2, logvar2))
    # per dimension: log(s2/s1) + (s1^2 + (m1 - m2)^2) / (2 s2^2) - 1/2
    var_ratio = np.exp(logvar1 - logvar2)            # s1^2 / s2^2, no overflow for big logvars
    mean_term = (mu1 - mu2) ** 2 * np.exp(-logvar2)  # (m1 - m2)^2 / s2^2
    per_dim = 0.5 * (logvar1 - logvar2 + var_ratio + mean_term - 1.0)  # BUG: log(s2/s1) written as log(s1/s2): the log term's sign is flipped
    return np.sum(per_dim, axis=-1)  # (...)


# The kata's variant (kata.toml [variants]) says which way round the KL is taken.
KL_UNDER = "first"  # the argument pair the expectation is taken under


def kl_diag_gaussians(mu1, logvar1, mu2, logvar2):
    if KL_UNDER == "first":
        return _kl_diag_gaussians(mu1, logvar1, mu2, logvar2)  # KL(N1 || N2)
    return _kl_diag_gaussians(mu2, logvar2, mu1, logvar1)  # KL(N2 || N1)
