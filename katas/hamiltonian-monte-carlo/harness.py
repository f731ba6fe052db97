"""Public harness for hamiltonian-monte-carlo: target densities and the probes that call the
candidate's functions with them (functions cannot cross into the box).

Targets are unnormalised log-densities of a (d,) array with their gradients. "gaussian" is a
Gaussian with a given mean and precision matrix; "quartic" is a non-Gaussian 2-D density.
Nothing here knows what a correct answer is.
"""

import numpy as np

# the sampler's target: a 2-D Gaussian with correlation 0.9
GAUSS_MEAN = np.array([1.0, -1.0])
GAUSS_COV = np.array([[1.0, 0.9], [0.9, 1.0]])


def gaussian(mean, precision):
    mean, precision = np.asarray(mean, float), np.asarray(precision, float)

    def log_density(x):
        r = np.asarray(x) - mean
        return float(-0.5 * r @ precision @ r)

    def grad_log_density(x):
        return -(precision @ (np.asarray(x) - mean))

    return log_density, grad_log_density


def quartic(_mean=None, _precision=None):
    """log pi(x) = -x1^4/4 - x2^2/2 - x1 x2 / 2: not Gaussian, so leapfrog is non-linear."""

    def log_density(x):
        x1, x2 = np.asarray(x)
        return float(-0.25 * x1**4 - 0.5 * x2**2 - 0.5 * x1 * x2)

    def grad_log_density(x):
        x1, x2 = np.asarray(x)
        return np.array([-x1**3 - 0.5 * x2, -x2 - 0.5 * x1])

    return log_density, grad_log_density


TARGETS = {"gaussian": gaussian, "quartic": quartic}


def _target(name, mean, precision):
    return TARGETS[name](mean, precision)


def leapfrogs(solution, target, mean, precision, qs, ps, step_size, n_steps):
    """The candidate's leapfrog from each (q, p); returns (q_news, p_news) of shape (n, d)."""
    _, grad = _target(target, mean, precision)
    out = [solution.leapfrog(grad, np.array(q), np.array(p), float(step_size), int(n_steps))
           for q, p in zip(qs, ps, strict=True)]
    return (np.array([np.asarray(o[0], dtype=np.float64) for o in out]),
            np.array([np.asarray(o[1], dtype=np.float64) for o in out]))


def roundtrips(solution, target, mean, precision, qs, ps, step_size, n_steps):
    """leapfrog from each (q, p) to (q', p'), then from (q', -p'); returns the four arrays
    (q', p', q'', p''), each (n, d)."""
    q1, p1 = leapfrogs(solution, target, mean, precision, qs, ps, step_size, n_steps)
    q2, p2 = leapfrogs(solution, target, mean, precision, q1, -p1, step_size, n_steps)
    return q1, p1, q2, p2


def steps(solution, target, mean, precision, qs, ps, step_size, n_steps, us):
    """The candidate's hmc_step for each (q, p, u); returns (q_nexts (n, d), accepted (n,))."""
    logp, grad = _target(target, mean, precision)
    out = [solution.hmc_step(logp, grad, np.array(q), np.array(p), float(step_size),
                             int(n_steps), float(u))
           for q, p, u in zip(qs, ps, us, strict=True)]
    return (np.array([np.asarray(o[0], dtype=np.float64) for o in out]),
            np.array([bool(o[1]) for o in out]))


def chains(solution, x0s, n_samples, step_size, n_steps, seeds):
    """One chain on the correlated Gaussian per (x0, seed); returns (n_chains, n_samples, d)."""
    logp, grad = gaussian(GAUSS_MEAN, np.linalg.inv(GAUSS_COV))
    runs = [np.asarray(solution.hmc_sample(logp, grad, np.array(x0, dtype=float), int(n_samples),
                                           float(step_size), int(n_steps),
                                           np.random.default_rng(int(seed))), dtype=np.float64)
            for x0, seed in zip(x0s, seeds, strict=True)]
    shapes = {r.shape for r in runs}
    if len(shapes) != 1:
        raise ValueError(f"chains of the same length returned different shapes: {sorted(shapes)}")
    return np.stack(runs)
