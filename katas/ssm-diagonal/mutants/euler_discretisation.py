"""Mutant."""

import numpy as np


def discretize(A, B, delta):
    """Zero-order hold: the state is exact when the input is constant over each step."""
    A_bar = 1.0 + delta * A  # BUG: Euler, not zero-order hold
    B_bar = delta * B
    return A_bar, B_bar


def ssm_recurrent(A_bar, B_bar, C, u):
    h = np.zeros(u.shape[:-1] + A_bar.shape, dtype=complex)  # (..., N)
    y = np.zeros(u.shape)  # (..., L)
    for k in range(u.shape[-1]):
        h = A_bar * h + B_bar * u[..., k, None]  # h_k = A_bar h_{k-1} + B_bar u_k
        y[..., k] = (h @ C).real  # y_k = Re(C . h_k)
    return y


def ssm_kernel(A_bar, B_bar, C, L):
    powers = A_bar[:, None] ** np.arange(L)  # (N, L): A_bar^k
    return ((C * B_bar) @ powers).real  # (L,): K_k = Re(sum_n C_n A_bar_n^k B_bar_n)


def ssm_convolve(u, K):
    L = u.shape[-1]
    assert K.shape == (L,)
    n = 2 * L  # zero-pad so the FFT's circular convolution does not wrap around
    y = np.fft.irfft(np.fft.rfft(u, n) * np.fft.rfft(K, n), n)
    return y[..., :L]  # y_k = sum_{j <= k} K_j u_{k-j}
