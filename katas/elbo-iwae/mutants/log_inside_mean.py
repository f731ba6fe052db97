import numpy as np


def elbo(log_p_xz, log_q_z):
    return np.mean(log_p_xz - log_q_z, axis=1)


def iwae_bound(log_p_xz, log_q_z):
    log_w = log_p_xz - log_q_z
    m = log_w.max(axis=1, keepdims=True)
    # BUG: mean of log(w) instead of log of mean(w): this is the ELBO again
    return np.mean(np.log(np.exp(log_w - m)) + m, axis=1)
