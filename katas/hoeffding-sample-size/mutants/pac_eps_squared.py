import math


def hoeffding_bound(n, eps, a=0.0, b=1.0):
    return 2 * math.exp(-2 * n * eps**2 / (b - a) ** 2)


def sample_size(eps, delta, a=0.0, b=1.0):
    return math.ceil((b - a) ** 2 * math.log(2 / delta) / (2 * eps**2))


def pac_sample_size_finite_class(h_count, eps, delta):
    # BUG: the agnostic (Hoeffding) rate, not the realisable 1/eps one
    return math.ceil((math.log(h_count) + math.log(2 / delta)) / (2 * eps**2))
