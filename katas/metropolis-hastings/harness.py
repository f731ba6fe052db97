"""Public harness for metropolis-hastings: the target densities and the probe that runs chains.

Functions cannot cross into the box, so the targets live here. They are unnormalised
log-densities of a (d,) array; nothing here knows what a correct sampler returns.
"""

import numpy as np

GAUSS_MEAN = np.array([1.0, -2.0])
GAUSS_PRECISION = np.linalg.inv(np.array([[1.0, 0.8], [0.8, 1.0]]))
BANANA_B = 0.5


def log_gaussian(x):
    """A correlated 2-D Gaussian, correlation 0.8."""
    r = np.asarray(x) - GAUSS_MEAN
    return float(-0.5 * r @ GAUSS_PRECISION @ r)


def log_banana(x):
    """A 2-D banana: x1 ~ N(0, 1), x2 | x1 ~ N(0.5 (x1^2 - 1), 1)."""
    x1, x2 = np.asarray(x)
    return float(-0.5 * x1**2 - 0.5 * (x2 - BANANA_B * (x1**2 - 1)) ** 2)


def log_mixture(x):
    """A 1-D two-component mixture: 0.3 N(-1.5, 0.5^2) + 0.7 N(1, 0.7^2)."""
    (x1,) = np.asarray(x)
    a = np.log(0.3 / 0.5) - 0.5 * ((x1 + 1.5) / 0.5) ** 2
    b = np.log(0.7 / 0.7) - 0.5 * ((x1 - 1.0) / 0.7) ** 2
    return float(np.logaddexp(a, b))


TARGETS = {"gaussian": log_gaussian, "banana": log_banana, "mixture": log_mixture}


def chains(solution, target, x0s, n_samples, step, seeds):
    """Run the candidate's sampler once per (x0, seed), each with its own Generator.

    Returns an array of shape (n_chains, n_samples, d).
    """
    log_density = TARGETS[target]
    runs = []
    for x0, seed in zip(x0s, seeds, strict=True):
        rng = np.random.default_rng(int(seed))
        samples = solution.metropolis_hastings(log_density, np.array(x0, dtype=float),
                                               int(n_samples), float(step), rng)
        runs.append(np.asarray(samples, dtype=np.float64))
    shapes = {r.shape for r in runs}
    if len(shapes) != 1:
        raise ValueError(f"chains of the same length returned different shapes: {sorted(shapes)}")
    return np.stack(runs)
