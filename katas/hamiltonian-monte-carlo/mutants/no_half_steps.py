import numpy as np


def leapfrog(grad_log_density, q, p, step_size, n_steps):
    q = np.array(q, dtype=np.float64)  # (d,) position
    p = np.array(p, dtype=np.float64)  # (d,) momentum
    assert q.shape == p.shape and q.ndim == 1 and n_steps >= 1
    # the force is -grad U(q) = +grad log pi(q)
    for _ in range(n_steps):
        p = p + step_size * grad_log_density(q)  # BUG: full momentum steps, no half steps
        q = q + step_size * p
    return q, p


def hamiltonian(log_density, q, p):
    return -log_density(q) + 0.5 * float(p @ p)  # U(q) + K(p)


def hmc_step(log_density, grad_log_density, q, p, step_size, n_steps, u):
    q = np.array(q, dtype=np.float64)  # (d,)
    p = np.array(p, dtype=np.float64)  # (d,)
    q_new, p_new = leapfrog(grad_log_density, q, p, step_size, n_steps)
    # accept with probability min(1, exp(H(q, p) - H(q', p'))); the flip p' -> -p' that makes
    # the proposal symmetric leaves H unchanged, and p' is discarded anyway
    log_accept = hamiltonian(log_density, q, p) - hamiltonian(log_density, q_new, p_new)
    accepted = bool(np.log(u) < log_accept)
    return (q_new if accepted else q), accepted


def hmc_sample(log_density, grad_log_density, x0, n_samples, step_size, n_steps, rng):
    q = np.array(x0, dtype=np.float64)  # (d,)
    samples = np.empty((n_samples, q.size))  # (n_samples, d)
    for i in range(n_samples):
        p = rng.standard_normal(q.size)  # fresh momentum every iteration
        q, _ = hmc_step(log_density, grad_log_density, q, p, step_size, n_steps, rng.random())
        samples[i] = q
    return samples
