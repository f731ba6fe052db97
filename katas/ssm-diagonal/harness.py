"""Public probes for ssm-diagonal: complex arrays cannot cross into or out of the box, so these
rebuild them from (..., 2) float arrays of (real, imaginary) parts and call your functions with
ordinary complex NumPy arrays. Nothing here knows the right answers."""

import numpy as np


def _complex(x):
    return x[..., 0] + 1j * x[..., 1]


def _plain(z):
    """A complex result as (..., 2) (real, imag); anything else unchanged."""
    return np.stack([z.real, z.imag], axis=-1) if np.iscomplexobj(z) else z


def discretize(solution, A, B, delta):
    A_bar, B_bar = solution.discretize(_complex(A), _complex(B), delta)
    return _plain(A_bar), _plain(B_bar)


def recurrent(solution, A_bar, B_bar, C, u):
    return _plain(solution.ssm_recurrent(_complex(A_bar), _complex(B_bar), _complex(C), u))


def kernel(solution, A_bar, B_bar, C, L):
    return _plain(solution.ssm_kernel(_complex(A_bar), _complex(B_bar), _complex(C), L))


def both_ways(solution, A, B, C, delta, u):
    """discretize, then y by the recurrence and y by convolving with the kernel."""
    A_bar, B_bar = solution.discretize(_complex(A), _complex(B), delta)
    C = _complex(C)
    K = solution.ssm_kernel(A_bar, B_bar, C, u.shape[-1])
    return {"recurrent": _plain(solution.ssm_recurrent(A_bar, B_bar, C, u)),
            "convolution": _plain(solution.ssm_convolve(u, K))}
