"""Sample sizes from Hoeffding's inequality and the finite-class union bound."""

import math


def hoeffding_bound(n, eps, a=0.0, b=1.0):
    assert n >= 1 and eps > 0 and b > a
    # P(|mean - mu| >= eps) <= 2 exp(-2 n eps^2 / (b - a)^2): both tails, hence the 2
    return 2.0 * math.exp(-2.0 * n * eps**2 / (b - a) ** 2)


def sample_size(eps, delta, a=0.0, b=1.0):
    assert eps > 0 and 0 < delta < 1 and b > a
    # solve 2 exp(-2 n eps^2 / (b - a)^2) <= delta for n, then round up
    return math.ceil((b - a) ** 2 * math.log(2.0 / delta) / (2.0 * eps**2))


def pac_sample_size_finite_class(h_count, eps, delta):
    assert h_count >= 1 and eps > 0 and 0 < delta < 1
    # P(some bad h is consistent) <= |H| (1 - eps)^m <= |H| e^{-eps m} <= delta
    return math.ceil((math.log(h_count) + math.log(1.0 / delta)) / eps)
