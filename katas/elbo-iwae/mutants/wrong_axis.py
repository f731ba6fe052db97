import numpy as np


def elbo(log_p_xz, log_q_z):
    return np.mean(log_p_xz - log_q_z, axis=0)  # BUG: averages over the batch


def iwae_bound(log_p_xz, log_q_z):
    log_w = log_p_xz - log_q_z
    m = log_w.max(axis=0)
    return m + np.log(np.mean(np.exp(log_w - m), axis=0))  # BUG: K is axis 1
