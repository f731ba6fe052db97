import math


def hoeffding_bound(n, eps, a=0.0, b=1.0):
    return 2 * math.exp(-2 * n * eps / (b - a) ** 2)  # BUG: eps, not eps^2


def sample_size(eps, delta, a=0.0, b=1.0):
    return math.ceil((b - a) ** 2 * math.log(2 / delta) / (2 * eps))  # BUG: eps, not eps^2


def pac_sample_size_finite_class(h_count, eps, delta):
    return math.ceil((math.log(h_count) + math.log(1 / delta)) / eps)
