"""pac-bayes-bound written differently: math module scalars, xlogy by hand, bisection on a
tolerance with the log-space KL of the Gaussians."""

import math

import numpy as np


def _kl_gaussians(mu_q, sigma_q, mu_p, sigma_p):
    mu_q, sigma_q = np.asarray(mu_q, float), np.asarray(sigma_q, float)
    mu_p = np.broadcast_to(np.asarray(mu_p, float), mu_q.shape)
    sigma_p = np.broadcast_to(np.asarray(sigma_p, float), mu_q.shape)
    log_ratio = np.log(sigma_p) - np.log(sigma_q)
    total = log_ratio + (sigma_q**2 + (mu_q - mu_p) ** 2) / (2 * sigma_p**2) - 0.5
    return float(np.sum(total))


def _xlogy_ratio(a, b):
    return 0.0 if a == 0 else a * math.log(a / b)


def kl_bernoulli(q, p):
    return _xlogy_ratio(q, p) + _xlogy_ratio(1 - q, 1 - p)


def kl_inverse(q, c):
    low, high = float(q), 1.0
    while high - low > 1e-14:
        middle = (low + high) / 2
        if middle >= 1.0 or kl_bernoulli(q, middle) > c:
            high = middle
        else:
            low = middle
    return low


def seeger_bound(emp_risk, kl, n, delta):
    c = (kl + math.log(2 * math.sqrt(n)) - math.log(delta)) / n
    return kl_inverse(emp_risk, c)


def mcallester_bound(emp_risk, kl, n, delta):
    c = (kl + math.log(2 * math.sqrt(n)) - math.log(delta)) / n
    return emp_risk + math.sqrt(0.5 * c)


# The kata's variant (kata.toml [variants]) says what the scale arguments are.
SCALE = "std"  # or "var": variances


def kl_gaussians(mu_q, s_q, mu_p, s_p):
    if SCALE == "std":
        return _kl_gaussians(mu_q, s_q, mu_p, s_p)
    return _kl_gaussians(mu_q, np.sqrt(s_q), mu_p, np.sqrt(s_p))  # standard deviations
