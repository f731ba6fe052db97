"""elbo-iwae written differently: float32, a loop over rows, log K folded into a log-mean-exp."""

import math

import numpy as np


def elbo(log_p_xz, log_q_z):
    log_w = np.subtract(log_p_xz, log_q_z, dtype=np.float32)
    return log_w.sum(axis=-1) / np.float32(log_w.shape[-1])


def iwae_bound(log_p_xz, log_q_z):
    log_w = np.subtract(log_p_xz, log_q_z, dtype=np.float64)
    out = np.empty(log_w.shape[0], dtype=np.float32)
    for b, row in enumerate(log_w):
        top = row.max()
        out[b] = top + math.log(np.exp(row - top).mean())
    return out
