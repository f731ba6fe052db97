"""ssm-diagonal written differently: the state as separate real and imaginary parts, the kernel
by repeated multiplication, and the convolution as a lower-triangular Toeplitz product."""

import numpy as np


def discretize(A, B, delta):
    decay = np.exp(delta * A.real)
    A_bar = decay * (np.cos(delta * A.imag) + 1j * np.sin(delta * A.imag))
    return A_bar, B * np.expm1(delta * A) / A


def ssm_recurrent(A_bar, B_bar, C, u):
    a_re, a_im, b_re, b_im = A_bar.real, A_bar.imag, B_bar.real, B_bar.imag
    h_re = np.zeros(u.shape[:-1] + A_bar.shape)
    h_im = np.zeros_like(h_re)
    ys = []
    for k in range(u.shape[-1]):
        x = u[..., k:k + 1]
        h_re, h_im = a_re * h_re - a_im * h_im + b_re * x, a_re * h_im + a_im * h_re + b_im * x
        ys.append(h_re @ C.real - h_im @ C.imag)
    return np.stack(ys, axis=-1)


def ssm_kernel(A_bar, B_bar, C, L):
    out, state = [], C * B_bar
    for _ in range(L):
        out.append(state.sum().real)
        state = state * A_bar
    return np.array(out)


def ssm_convolve(u, K):
    L = len(K)
    idx = np.arange(L)[:, None] - np.arange(L)[None, :]
    toeplitz = np.where(idx >= 0, K[np.clip(idx, 0, None)], 0.0)  # toeplitz[k, j] = K[k - j]
    return u @ toeplitz.T
