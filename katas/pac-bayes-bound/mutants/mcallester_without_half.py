import numpy as np


def _kl_gaussians(mu_q, sigma_q, mu_p, sigma_p):
    mu_q, sigma_q, mu_p, sigma_p = np.broadcast_arrays(
        *(np.asarray(a, dtype=np.float64) for a in (mu_q, sigma_q, mu_p, sigma_p)))  # (d,)
    ratio = (sigma_q / sigma_p) ** 2  # variance ratio per weight
    per_dim = 0.5 * (ratio + (mu_q - mu_p) ** 2 / sigma_p**2 - 1.0 - np.log(ratio))
    return float(per_dim.sum())  # KL(Q || P) in nats


def kl_bernoulli(q, p):
    assert 0.0 <= q <= 1.0 and 0.0 < p < 1.0
    out = 0.0
    if q > 0:  # 0 log 0 = 0
        out += q * np.log(q / p)
    if q < 1:
        out += (1 - q) * np.log((1 - q) / (1 - p))
    return float(out)


def kl_inverse(q, c):
    """The largest p in [q, 1) with kl(q || p) <= c: kl(q || .) increases on [q, 1)."""
    assert 0.0 <= q <= 1.0 and c >= 0.0
    lo, hi = q, 1.0
    for _ in range(100):  # the bracket halves every step: 2^-100 is far below 1e-12
        mid = 0.5 * (lo + hi)
        if mid < 1.0 and kl_bernoulli(q, mid) <= c:  # mid rounds to 1.0 for huge c
            lo = mid  # still inside the set: the sup is at or above mid
        else:
            hi = mid
    return float(lo)


def _complexity(kl, n, delta):
    return (kl + np.log(2.0 * np.sqrt(n) / delta)) / n  # (KL + ln(2 sqrt(n) / delta)) / n


def seeger_bound(emp_risk, kl, n, delta):
    return kl_inverse(emp_risk, _complexity(kl, n, delta))  # kl(emp || risk) <= complexity


def mcallester_bound(emp_risk, kl, n, delta):
    # Pinsker: kl(q || p) >= 2 (p - q)^2, so risk <= emp + sqrt(complexity / 2)
    return float(emp_risk + np.sqrt(_complexity(kl, n, delta)))  # BUG: missing the 1/2


# The kata's variant (kata.toml [variants]) says what the scale arguments are.
SCALE = "std"  # or "var": variances


def kl_gaussians(mu_q, s_q, mu_p, s_p):
    if SCALE == "std":
        return _kl_gaussians(mu_q, s_q, mu_p, s_p)
    return _kl_gaussians(mu_q, np.sqrt(s_q), mu_p, np.sqrt(s_p))  # standard deviations
