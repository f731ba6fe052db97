"""Checks for ssm-diagonal. Trusted: never enters the sandbox.

Complex numbers cross the box boundary as (..., 2) float arrays of (real, imaginary) parts;
harness.py turns them back into complex arrays before calling the candidate.
"""

import numpy as np

from graders.kit import check


def _pair(z):
    return np.stack([np.real(z), np.imag(z)], axis=-1)


def _params(rng, n, slow=False):
    """A stable diagonal system: Re(A) < 0, frequencies spread out, complex B and C."""
    re = -np.exp(rng.uniform(np.log(0.005), np.log(0.05), n)) if slow else \
        -np.exp(rng.uniform(np.log(0.1), np.log(1.0), n))
    A = re + 1j * np.pi * rng.uniform(0, 2, n)
    B = rng.standard_normal(n) + 1j * rng.standard_normal(n)
    C = rng.standard_normal(n) + 1j * rng.standard_normal(n)
    return A, B, C


def _discretize_bugs(A, B, delta):
    zoh = np.exp(delta * A)
    return {
        "Euler: A_bar = 1 + delta A and B_bar = delta B instead of zero-order hold":
            (1 + delta * A, delta * B),
        "bilinear (Tustin) discretisation instead of zero-order hold":
            ((1 + delta * A / 2) / (1 - delta * A / 2), delta * B / (1 - delta * A / 2)),
        "B_bar = delta B (Euler's) next to the zero-order-hold A_bar": (zoh, delta * B),
        "B_bar = (A_bar - 1) B, missing the division by A": (zoh, (zoh - 1) * B),
    }


def _recurrent_bugs(A_bar, B_bar, C, u):
    h = np.zeros(u.shape[:-1] + A_bar.shape, dtype=complex)
    late = np.zeros(u.shape)
    for k in range(u.shape[-1]):
        late[..., k] = (h @ C).real
        h = A_bar * h + B_bar * u[..., k, None]
    return {"y_k read before the update, from h_{k-1} instead of h_k": late}


def _convolve_bugs(u, K):
    L = u.shape[-1]
    flat = u.reshape(-1, L)
    return {
        "circular convolution: the FFT is not zero-padded, so the end wraps around to the start":
            np.fft.irfft(np.fft.rfft(u) * np.fft.rfft(K), L),
        "the kernel is flipped (correlation instead of convolution)":
            np.stack([[np.dot(K[:L - k], row[k:]) for k in range(L)] for row in flat]).reshape(
                u.shape),
        "np.convolve(..., mode='same') keeps the centre of the full convolution, not its first L":
            np.stack([np.convolve(row, K, mode="same") for row in flat]).reshape(u.shape),
    }


def _real(t, got, want, what, bugs=None):
    if isinstance(got, np.ndarray) and got.shape == want.shape + (2,):
        t.fail(f"{what}: complex values came back; the output is the real part, Re(...)",
               bug="complex output: the real part not taken")
    t.close(got, want, what=what, bugs=bugs)


@check(points=1, visible=True)
def discretize_example(t):
    """A = -1, B = 1, delta = log 2: A_bar = 0.5, B_bar = 0.5."""
    A, B, delta = np.array([-1.0 + 0j]), np.array([1.0 + 0j]), float(np.log(2.0))
    got = yield t.probe("discretize", _pair(A), _pair(B), delta)
    A_bar, B_bar = t.items(got, 2, "(A_bar, B_bar)")
    want = t.ref.discretize(A, B, delta)
    bugs = _discretize_bugs(A, B, delta)
    t.close(A_bar, _pair(want[0]), what="A_bar", bugs={k: _pair(v[0]) for k, v in bugs.items()})
    t.close(B_bar, _pair(want[1]), what="B_bar", bugs={k: _pair(v[1]) for k, v in bugs.items()})


@check(points=1, visible=True)
def worked_example(t):
    """A_bar = B_bar = 0.5, C = 1, u = [1, 0, 0, 1]: y = [0.5, 0.25, 0.125, 0.5625] both ways."""
    Ab, Bb, C = np.array([0.5 + 0j]), np.array([0.5 + 0j]), np.array([1.0 + 0j])
    u = np.array([1.0, 0.0, 0.0, 1.0])
    got = yield [t.probe("recurrent", _pair(Ab), _pair(Bb), _pair(C), u),
                 t.probe("kernel", _pair(Ab), _pair(Bb), _pair(C), 4),
                 t.call("ssm_convolve", u, np.array([0.5, 0.25, 0.125, 0.0625]))]
    want = t.ref.ssm_recurrent(Ab, Bb, C, u)
    _real(t, got[0], want, "ssm_recurrent", _recurrent_bugs(Ab, Bb, C, u))
    _real(t, got[1], t.ref.ssm_kernel(Ab, Bb, C, 4), "ssm_kernel(..., L=4)")
    _real(t, got[2], want, "ssm_convolve(u, [0.5, 0.25, 0.125, 0.0625])")


@check(points=2)
def discretize_random(t):
    """Zero-order hold for N = 8 complex modes, delta = 0.1 and delta = 0.7."""
    A, B, _ = _params(t.rng, 8)
    got = yield [t.probe("discretize", _pair(A), _pair(B), d) for d in (0.1, 0.7)]
    for delta, g in zip((0.1, 0.7), got, strict=True):
        A_bar, B_bar = t.items(g, 2, "(A_bar, B_bar)")
        want, bugs = t.ref.discretize(A, B, delta), _discretize_bugs(A, B, delta)
        t.close(A_bar, _pair(want[0]), what=f"A_bar (delta={delta})",
                bugs={k: _pair(v[0]) for k, v in bugs.items()})
        t.close(B_bar, _pair(want[1]), what=f"B_bar (delta={delta})",
                bugs={k: _pair(v[1]) for k, v in bugs.items()})


@check(points=2)
def recurrent_random(t):
    """The recurrence on a batch u of shape (3, 50), N = 6, delta = 0.3; the first row of u is
    an impulse at time 0, so y_0 must already see it."""
    A, B, C = _params(t.rng, 6)
    Ab, Bb = t.ref.discretize(A, B, 0.3)
    u = t.rng.standard_normal((3, 50))
    u[0] = 0.0
    u[0, 0] = 1.0
    got = yield t.probe("recurrent", _pair(Ab), _pair(Bb), _pair(C), u)
    _real(t, got, t.ref.ssm_recurrent(Ab, Bb, C, u), "ssm_recurrent(A_bar, B_bar, C, u)",
          _recurrent_bugs(Ab, Bb, C, u))


@check(points=2)
def kernel_random(t):
    """The kernel K_k = Re(sum_n C_n A_bar_n^k B_bar_n), k = 0..39, for N = 6: K_0 has no A_bar."""
    A, B, C = _params(t.rng, 6)
    Ab, Bb = t.ref.discretize(A, B, 0.3)
    got = yield t.probe("kernel", _pair(Ab), _pair(Bb), _pair(C), 40)
    want = t.ref.ssm_kernel(Ab, Bb, C, 40)
    _real(t, got, want, "ssm_kernel(A_bar, B_bar, C, 40)", {
        "powers start at 1: A_bar^(k+1) instead of A_bar^k":
            t.ref.ssm_kernel(Ab, Bb * Ab, C, 40),
        "B_bar left out of the kernel": t.ref.ssm_kernel(Ab, np.ones_like(Bb), C, 40)})


@check(points=3)
def convolve_impulses(t):
    """ssm_convolve of impulses at times 0, 16 and 31 with a random K of length 32: each row
    is K shifted right and cut at 32 -- nothing wraps around to the start."""
    K = t.rng.standard_normal(32)
    u = np.zeros((3, 32))
    u[0, 0], u[1, 16], u[2, 31] = 1.0, 1.0, 1.0
    got = yield t.call("ssm_convolve", u, K)
    _real(t, got, t.ref.ssm_convolve(u, K), "ssm_convolve(impulses, K)", _convolve_bugs(u, K))


@check(points=2)
def convolve_random(t):
    """ssm_convolve of a random batch u (2, 3, 64) with a random K (64,)."""
    u, K = t.rng.standard_normal((2, 3, 64)), t.rng.standard_normal(64)
    got = yield t.call("ssm_convolve", u, K)
    _real(t, got, t.ref.ssm_convolve(u, K), "ssm_convolve(u, K)", _convolve_bugs(u, K))


@check(points=3)
def recurrence_equals_convolution(t):
    """Slowly decaying modes (Re(A) in [-0.05, -0.005]), N = 16, L = 300, u of shape (2, 300):
    your recurrence and your convolution with your kernel agree with each other and the truth."""
    A, B, C = _params(t.rng, 16, slow=True)
    u = t.rng.standard_normal((2, 300))
    got = yield t.probe("both_ways", _pair(A), _pair(B), _pair(C), 0.5, u)
    got = t.mapping(got, ["recurrent", "convolution"], "both_ways")
    Ab, Bb = t.ref.discretize(A, B, 0.5)
    want = t.ref.ssm_recurrent(Ab, Bb, C, u)
    _real(t, got["recurrent"], want, "y by your recurrence", _recurrent_bugs(Ab, Bb, C, u))
    _real(t, got["convolution"], want, "y by your convolution with your kernel",
          _convolve_bugs(u, t.ref.ssm_kernel(Ab, Bb, C, 300)))
