import math


def hoeffding_bound(n, eps, a=0.0, b=1.0):
    """Hoeffding's two-sided bound on P(|mean of n samples in [a, b] - mu| >= eps)."""
    raise NotImplementedError


def sample_size(eps, delta, a=0.0, b=1.0):
    """The smallest n for which hoeffding_bound(n, eps, a, b) <= delta."""
    raise NotImplementedError


def pac_sample_size_finite_class(h_count, eps, delta):
    """Examples needed to PAC-learn a finite class in the realisable case."""
    raise NotImplementedError
