"""hoeffding-sample-size written differently: numpy, and sample sizes found by searching for
the smallest n that satisfies the bound instead of inverting it."""

import numpy as np


def hoeffding_bound(n, eps, a=0.0, b=1.0):
    z = eps / (b - a)  # the deviation in units of the range
    return np.float64(2.0) * np.exp(-2.0 * n * z * z)


def _smallest(ok):
    hi = 1
    while not ok(hi):
        hi *= 2
    lo = hi // 2  # ok(lo) is False (or lo == 0)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if ok(mid) else (mid, hi)
    return hi


def sample_size(eps, delta, a=0.0, b=1.0):
    return _smallest(lambda n: np.log(2.0) - 2.0 * n * (eps / (b - a)) ** 2 <= np.log(delta))


def pac_sample_size_finite_class(h_count, eps, delta):
    return _smallest(lambda m: np.log(h_count) - eps * m <= np.log(delta))
