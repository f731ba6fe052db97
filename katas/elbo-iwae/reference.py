"""Monte-Carlo estimates of the ELBO and of the importance-weighted (IWAE) bound."""

import numpy as np


def elbo(log_p_xz, log_q_z):
    log_w = np.asarray(log_p_xz, dtype=np.float64) - np.asarray(log_q_z, dtype=np.float64)
    assert log_w.ndim == 2, "expected (B, K) arrays"
    return np.mean(log_w, axis=1)  # (B,)


def iwae_bound(log_p_xz, log_q_z):
    log_w = np.asarray(log_p_xz, dtype=np.float64) - np.asarray(log_q_z, dtype=np.float64)
    assert log_w.ndim == 2, "expected (B, K) arrays"
    K = log_w.shape[1]
    top = np.max(log_w, axis=1, keepdims=True)  # (B, 1): per row, so no row underflows
    log_sum = top[:, 0] + np.log(np.sum(np.exp(log_w - top), axis=1))  # (B,) logsumexp
    return log_sum - np.log(K)  # log of the mean, not of the sum
