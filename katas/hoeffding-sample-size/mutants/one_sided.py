import math


def hoeffding_bound(n, eps, a=0.0, b=1.0):
    return math.exp(-2 * n * eps**2 / (b - a) ** 2)  # BUG: one tail only


def sample_size(eps, delta, a=0.0, b=1.0):
    return math.ceil((b - a) ** 2 * math.log(1 / delta) / (2 * eps**2))  # BUG: ln(1/delta)


def pac_sample_size_finite_class(h_count, eps, delta):
    return math.ceil((math.log(h_count) + math.log(1 / delta)) / eps)
