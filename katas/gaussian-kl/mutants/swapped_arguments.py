import numpy as np


def _kl_diag_gaussians(mu1, logvar1, mu2, logvar2):
    # BUG: the formula of KL(N2 || N1)
    return 0.5 * np.sum(logvar1 - logvar2 + np.exp(logvar2 - logvar1)
                        + (mu1 - mu2) ** 2 / np.exp(logvar1) - 1, axis=-1)


# The kata's variant (kata.toml [variants]) says which way round the KL is taken.
KL_UNDER = "first"  # the argument pair the expectation is taken under


def kl_diag_gaussians(mu1, logvar1, mu2, logvar2):
    if KL_UNDER == "first":
        return _kl_diag_gaussians(mu1, logvar1, mu2, logvar2)  # KL(N1 || N2)
    return _kl_diag_gaussians(mu2, logvar2, mu1, logvar1)  # KL(N2 || N1)
