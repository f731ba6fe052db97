"""cavi-gmm written differently: explicit loops over the components, log-sum-exp by hand,
the ELBO as a sum of per-component and per-point terms."""

import math

import numpy as np


def update_assignments(x, m, s2):
    x = np.asarray(x, dtype=float)
    n, d = x.shape
    K = len(m)
    log_rho = np.empty((n, K))
    for k in range(K):
        mk = np.asarray(m[k], dtype=float)
        log_rho[:, k] = x @ mk - 0.5 * (mk @ mk) - 0.5 * d * float(s2[k])
    top = np.max(log_rho, axis=1, keepdims=True)
    log_norm = top + np.log(np.sum(np.exp(log_rho - top), axis=1, keepdims=True))
    return np.exp(log_rho - log_norm)


def update_means(x, phi, prior_var):
    x, phi = np.asarray(x, dtype=float), np.asarray(phi, dtype=float)
    K = phi.shape[1]
    means, variances = np.zeros((K, x.shape[1])), np.zeros(K)
    for k in range(K):
        variances[k] = 1.0 / (1.0 / prior_var + phi[:, k].sum())
        means[k] = variances[k] * (phi[:, k] @ x)
    return means, variances


def elbo(x, phi, m, s2, prior_var):
    x, phi, m, s2 = (np.asarray(a, dtype=float) for a in (x, phi, m, s2))
    n, d = x.shape
    K = len(s2)
    total = -n * math.log(K)
    for k in range(K):
        second_moment = float(m[k] @ m[k]) + d * s2[k]
        total += -0.5 * d * math.log(2 * math.pi * prior_var) - second_moment / (2 * prior_var)
        total += 0.5 * d * (1 + math.log(2 * math.pi * s2[k]))  # entropy of q(mu_k)
        expected_sq = np.sum((x - m[k]) ** 2, axis=1) + d * s2[k]  # (n,)
        total += float(phi[:, k] @ (-0.5 * d * math.log(2 * math.pi) - 0.5 * expected_sq))
    nz = phi[phi > 0]
    return float(total - np.sum(nz * np.log(nz)))


def cavi(x, m0, s2_0, prior_var, n_iters):
    m, s2 = np.array(m0, dtype=float), np.array(s2_0, dtype=float)
    trace = np.zeros(n_iters)
    phi = None
    for it in range(n_iters):
        phi = update_assignments(x, m, s2)
        m, s2 = update_means(x, phi, prior_var)
        trace[it] = elbo(x, phi, m, s2, prior_var)
    return phi, m, s2, trace
