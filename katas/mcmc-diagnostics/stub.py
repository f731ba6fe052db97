import numpy as np


def autocorrelation(chain):
    """rho_t = gamma_t / gamma_0 for t = 0..N-1, biased autocovariance; shape (N,)."""
    raise NotImplementedError


def effective_sample_size(chains):
    """Multi-chain ESS of chains (M, N), Geyer's initial monotone sequence; a float."""
    raise NotImplementedError


def split_rhat(chains):
    """Split-R-hat of chains (M, N), each chain split in halves; a float."""
    raise NotImplementedError
