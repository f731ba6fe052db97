"""mcmc-diagnostics written differently: autocovariances by FFT, the Geyer sequence as a
while loop with a running minimum, split-R-hat from sums of squares."""

import numpy as np


def _acov_fft(x):
    n = len(x)
    centred = np.asarray(x, dtype=float) - np.mean(x)
    size = 1 << (2 * n - 1).bit_length()
    spectrum = np.fft.rfft(centred, size)
    return np.fft.irfft(spectrum * np.conj(spectrum), size)[:n] / n


def autocorrelation(chain):
    acov = _acov_fft(chain)
    return acov / acov[0]


def effective_sample_size(chains):
    chains = np.asarray(chains, dtype=float)
    m, n = chains.shape
    acov = np.array([_acov_fft(c) for c in chains])
    within = acov[:, 0].mean() * n / (n - 1)
    means = chains.mean(axis=1)
    between_over_n = ((means - means.mean()) ** 2).sum() / (m - 1) if m > 1 else 0.0
    var_plus = within * (n - 1) / n + between_over_n
    rho = 1 - (within - acov.mean(axis=0)) / var_plus
    rho[0] = 1.0
    total, running_min, k = 0.0, np.inf, 0
    while 2 * k + 1 < n:
        pair = rho[2 * k] + rho[2 * k + 1]
        if k and pair <= 0:
            break
        running_min = min(running_min, pair)
        total += running_min
        k += 1
    return m * n / (2 * total - 1)


def split_rhat(chains):
    chains = np.asarray(chains, dtype=float)
    half = chains.shape[1] // 2
    parts = np.vstack([chains[:, :half], chains[:, chains.shape[1] - half:]])
    n = half
    means = parts.mean(axis=1)
    within = (((parts - means[:, None]) ** 2).sum(axis=1) / (n - 1)).mean()
    between = n * ((means - means.mean()) ** 2).sum() / (len(means) - 1)
    return float(np.sqrt(((n - 1) * within / n + between / n) / within))
