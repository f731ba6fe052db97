"""Public harness for gradient-estimators: the test functions f (with f') and the probe that
calls the candidate's estimators with them. Functions cannot cross into the box."""

import numpy as np

FUNCTIONS = {
    "square": (lambda z: z**2, lambda z: 2 * z),
    "sin": (np.sin, np.cos),
    "cubic": (lambda z: z**3 - z, lambda z: 3 * z**2 - 1),
    "softplus": (lambda z: np.logaddexp(0.0, z), lambda z: 1 / (1 + np.exp(-z))),
}


def grads(solution, name, mu, sigma, eps, baseline=0.0):
    """Both estimators' per-sample gradients for f = FUNCTIONS[name]; two (N, 2) arrays."""
    f, grad_f = FUNCTIONS[name]
    eps = np.asarray(eps, dtype=np.float64)
    score = solution.score_function_grads(f, float(mu), float(sigma), eps.copy(), float(baseline))
    reparam = solution.reparam_grads(grad_f, float(mu), float(sigma), eps.copy())
    return np.asarray(score, dtype=np.float64), np.asarray(reparam, dtype=np.float64)
