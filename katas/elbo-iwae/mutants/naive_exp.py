import numpy as np


def elbo(log_p_xz, log_q_z):
    return np.mean(log_p_xz - log_q_z, axis=1)


def iwae_bound(log_p_xz, log_q_z):
    w = np.exp(log_p_xz - log_q_z)  # BUG: underflows to 0 (or overflows) for |log w| ~ 1e3
    return np.log(np.mean(w, axis=1))
