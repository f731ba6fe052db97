import numpy as np


def update_assignments(x, m, s2):
    """The CAVI update of q(c_i) given q(mu_k) = N(m_k, s2_k I); returns phi, shape (n, K)."""
    raise NotImplementedError


def update_means(x, phi, prior_var):
    """The CAVI update of q(mu_k) given phi; returns (m (K, d), s2 (K,))."""
    raise NotImplementedError


def elbo(x, phi, m, s2, prior_var):
    """The evidence lower bound of q = prod_i Cat(phi_i) prod_k N(m_k, s2_k I); a float."""
    raise NotImplementedError


def cavi(x, m0, s2_0, prior_var, n_iters):
    """n_iters CAVI sweeps from q(mu) = N(m0, s2_0); returns (phi, m, s2, elbos)."""
    raise NotImplementedError
