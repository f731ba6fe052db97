import numpy as np


def elbo(log_p_xz, log_q_z):
    return np.mean(log_p_xz - log_q_z, axis=1)


def iwae_bound(log_p_xz, log_q_z):
    log_w = log_p_xz - log_q_z
    m = log_w.max()  # BUG: one max for the whole batch, rows far below it underflow
    return m + np.log(np.mean(np.exp(log_w - m), axis=1))
