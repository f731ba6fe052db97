import numpy as np


def elbo(log_p_xz, log_q_z):
    """Mean over the K samples of log p(x, z_k) - log q(z_k | x); shape (B,)."""
    raise NotImplementedError


def iwae_bound(log_p_xz, log_q_z):
    """log of the mean over the K samples of the importance weights; shape (B,)."""
    raise NotImplementedError
