import numpy as np


def kl_gaussians(mu_q, s_q, mu_p, s_p):
    """KL(N(mu_q, {{SCALE_STUB}}) || N(mu_p, ...)) in nats; a float."""
    raise NotImplementedError


def kl_bernoulli(q, p):
    """kl(q || p) between Bernoulli(q) and Bernoulli(p) in nats; a float."""
    raise NotImplementedError


def kl_inverse(q, c):
    """sup { p in [q, 1] : kl(q || p) <= c }, by bisection; a float."""
    raise NotImplementedError


def seeger_bound(emp_risk, kl, n, delta):
    """The Maurer-Seeger PAC-Bayes bound on the true risk of the Gibbs classifier; a float."""
    raise NotImplementedError


def mcallester_bound(emp_risk, kl, n, delta):
    """The McAllester (Pinsker-relaxed) PAC-Bayes bound; a float."""
    raise NotImplementedError
