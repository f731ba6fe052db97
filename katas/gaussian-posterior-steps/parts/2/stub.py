def predictive(x, mu0, var0, noise_var):
    """(mean, variance) of the next observation given x."""
    raise NotImplementedError


def sequential(x, mu0, var0, noise_var):
    """Posterior means and variances after 0, 1, ..., n observations: two (n + 1,) arrays."""
    raise NotImplementedError
