"""Checks for mcmc-diagnostics. Trusted: never enters the sandbox.

All three diagnostics are deterministic functions of the chains, so every check is exact
(rtol 1e-8) against the reference. The chains are autoregressive processes drawn from t.rng,
chosen so that each classic mistake changes the answer by far more than the tolerance on
every draw: an antithetic chain (negative lag-1 correlation) for the truncation rule, an
oscillating one for the monotone step, drifting chains for the split.
"""

import numpy as np

from graders.kit import check

RTOL = 1e-8


def _ar1(rng, phi, M, N):
    x = np.zeros((M, N))
    e = rng.standard_normal((M, N))
    x[:, 0] = e[:, 0] / np.sqrt(1 - phi**2)  # stationary start
    for i in range(1, N):
        x[:, i] = phi * x[:, i - 1] + e[:, i]
    return x


def _oscillating(rng, M, N):
    """AR(1) plus a slowly damped oscillation: Geyer's pair sums dip and rise again, so the
    monotone step changes the estimate (by 2% or more on each of 200 tried draws)."""
    T, r, w = N + 300, 0.99, 2 * np.pi / 12
    e = rng.standard_normal((2, M, T))
    u, v = np.zeros((M, T)), np.zeros((M, T))
    for i in range(2, T):
        u[:, i] = 0.95 * u[:, i - 1] + e[0, :, i]
        v[:, i] = 2 * r * np.cos(w) * v[:, i - 1] - r**2 * v[:, i - 2] + e[1, :, i]
    return (u + 0.15 * v)[:, 300:]


def _rho(x):
    M, N = x.shape
    gamma = np.stack([np.correlate(c - c.mean(), c - c.mean(), "full")[N - 1:] / N for c in x])
    W = np.mean(gamma[:, 0] * N / (N - 1))
    var_plus = (N - 1) / N * W + (np.var(x.mean(1), ddof=1) if M > 1 else 0.0)
    rho = 1 - (W - gamma.mean(0)) / var_plus
    rho[0] = 1.0
    return rho


def _ess_variant(x, *, pairs=True, monotone=True):
    """ESS as the reference computes it, or with one of the classic mistakes."""
    M, N = x.shape
    rho = _rho(x)
    if not pairs:  # sum single autocorrelations up to the first negative one
        stop = next((t for t in range(1, N) if rho[t] < 0), N)
        return float(M * N / (1 + 2 * rho[1:stop].sum()))
    ps = []
    for k in range(N // 2):
        p = rho[2 * k] + rho[2 * k + 1]
        if k > 0 and p <= 0:
            break
        ps.append(p)
    ps = np.minimum.accumulate(ps) if monotone else np.array(ps)
    return float(M * N / (-1 + 2 * np.sum(ps)))


def _unbiased_acf(chain):
    r = chain - chain.mean()
    n = len(r)
    g = np.array([r[: n - t] @ r[t:] / (n - t) for t in range(n)])
    return g / g[0]


def _ess_bugs(x):
    return {
        "truncated at the first negative single autocorrelation instead of the first "
        "non-positive pair sum rho_2k + rho_2k+1 (Geyer)": _ess_variant(x, pairs=False),
        "the pair sums are not made non-increasing (Geyer's initial MONOTONE sequence)":
            _ess_variant(x, monotone=False),
        "N / tau per chain, not M N / tau": _ess_variant(x) / x.shape[0],
    }


def _split(x):
    h = x.shape[1] // 2
    return np.concatenate([x[:, :h], x[:, -h:]])


def _rhat_plain(x):
    n = x.shape[1]
    W = np.mean(np.var(x, axis=1, ddof=1))
    B = n * np.var(x.mean(1), ddof=1)
    return float(np.sqrt(((n - 1) / n * W + B / n) / W))


def _rhat_bugs(x):
    s = _split(x)
    n = s.shape[1]
    W = np.mean(np.var(s, axis=1, ddof=1))
    return {
        "the chains are not split in halves (split-R-hat compares 2M half-chains)": _rhat_plain(x),
        "B is the variance of the chain means; it must be n times that":
            float(np.sqrt(((n - 1) / n * W + np.var(s.mean(1), ddof=1) / n) / W)),
        "R-hat without the square root": _rhat_plain(s) ** 2,
    }


# ---- visible

@check(points=1, visible=True)
def worked_example(t):
    """The statement's example: autocorrelation of [1, 3, 2, 4, 3, 5], and split-R-hat of two
    short chains."""
    chain = np.array([1.0, 3.0, 2.0, 4.0, 3.0, 5.0])
    chains = np.array([[0.0, 1.0, 0.5, 1.5, 1.0, 2.0], [2.0, 1.0, 1.5, 0.5, 1.0, 0.0]])
    got = yield [t.call("autocorrelation", chain), t.call("split_rhat", chains)]
    t.close(got[0], t.ref.autocorrelation(chain), what="autocorrelation", rtol=RTOL,
            bugs={"divided by N - t (unbiased) instead of N": _unbiased_acf(chain)})
    t.close(t.number(got[1], "split_rhat"), t.ref.split_rhat(chains), what="split_rhat",
            rtol=RTOL, bugs=_rhat_bugs(chains))


@check(points=1, visible=True)
def ess_of_independent_and_sticky_chains(t):
    """4 chains of 500 independent draws give an ESS near 2000; AR(1) chains with
    phi = 0.9 near 2000 * 0.1 / 1.9 = 105. Both must equal the reference's estimate."""
    rng = np.random.default_rng(3)
    iid, sticky = rng.standard_normal((4, 500)), _ar1(rng, 0.9, 4, 500)
    got = yield [t.call("effective_sample_size", iid), t.call("effective_sample_size", sticky)]
    t.close(t.number(got[0], "ESS"), t.ref.effective_sample_size(iid), what="ESS of iid draws",
            rtol=RTOL, bugs=_ess_bugs(iid))
    t.close(t.number(got[1], "ESS"), t.ref.effective_sample_size(sticky),
            what="ESS of AR(1) chains with phi = 0.9", rtol=RTOL, bugs=_ess_bugs(sticky))


# ---- hidden

@check(points=2)
def autocorrelation_exact(t):
    """autocorrelation of one AR(1) chain (phi = 0.7, N = 300, non-zero mean): all N lags."""
    chain = 5.0 + _ar1(t.rng, 0.7, 1, 300)[0]
    got = yield t.call("autocorrelation", chain)
    t.close(got, t.ref.autocorrelation(chain), what="autocorrelation", rtol=RTOL, atol=1e-12,
            bugs={"divided by N - t (unbiased) instead of N": _unbiased_acf(chain),
                  "the chain is not centred at its mean":
                      np.correlate(chain, chain, "full")[299:] / (chain @ chain)})


@check(points=2)
def ess_sticky_chains(t):
    """ESS of 4 AR(1) chains, phi = 0.95, N = 800, different means per chain (so the
    between-chain variance enters)."""
    x = _ar1(t.rng, 0.95, 4, 800) + t.rng.normal(0, 0.5, (4, 1))
    got = yield t.call("effective_sample_size", x)
    t.close(t.number(got, "ESS"), t.ref.effective_sample_size(x), what="ESS", rtol=RTOL,
            bugs=_ess_bugs(x))


@check(points=2)
def ess_antithetic_chains(t):
    """ESS of 3 AR(1) chains with phi = -0.6 (N = 600): lag-1 autocorrelation about -0.6, so
    the ESS exceeds the number of draws, and truncating at the first negative single
    autocorrelation is wrong by a factor of 4."""
    x = _ar1(t.rng, -0.6, 3, 600)
    got = yield t.call("effective_sample_size", x)
    t.close(t.number(got, "ESS"), t.ref.effective_sample_size(x), what="ESS", rtol=RTOL,
            bugs=_ess_bugs(x))


@check(points=2)
def ess_monotone_sequence(t):
    """ESS of 4 chains of 400 with a damped oscillation on top of an AR(1): the pair sums
    rise again after a dip, which the initial monotone sequence must flatten."""
    x = _oscillating(t.rng, 4, 400)
    for _ in range(20):  # make sure the monotone step matters for this draw
        if abs(_ess_variant(x, monotone=False) / _ess_variant(x) - 1) > 1e-3:
            break
        x = _oscillating(t.rng, 4, 400)
    got = yield t.call("effective_sample_size", x)
    t.close(t.number(got, "ESS"), t.ref.effective_sample_size(x), what="ESS", rtol=RTOL,
            bugs=_ess_bugs(x))


@check(points=2)
def rhat_mixed_chains(t):
    """split-R-hat of 4 well-mixed AR(1) chains (phi = 0.5) of odd length 501: close to 1,
    exact to 1e-8 (the middle draw is dropped when splitting)."""
    x = _ar1(t.rng, 0.5, 4, 501)
    got = yield t.call("split_rhat", x)
    t.close(t.number(got, "split_rhat"), t.ref.split_rhat(x), what="split-R-hat", rtol=RTOL,
            bugs=_rhat_bugs(x))


@check(points=2)
def rhat_drifting_chains(t):
    """4 chains that all drift the same way (a linear trend plus noise): their means agree,
    so only splitting each chain reveals the non-stationarity."""
    x = np.linspace(0, 3, 400) + _ar1(t.rng, 0.3, 4, 400)
    got = yield t.call("split_rhat", x)
    t.close(t.number(got, "split_rhat"), t.ref.split_rhat(x), what="split-R-hat", rtol=RTOL,
            bugs=_rhat_bugs(x))


@check(points=2)
def rhat_separated_chains(t):
    """3 chains stuck in different modes (means 0, 2 and 4): R-hat far above 1."""
    x = _ar1(t.rng, 0.5, 3, 300) + np.array([[0.0], [2.0], [4.0]])
    got = yield t.call("split_rhat", x)
    t.close(t.number(got, "split_rhat"), t.ref.split_rhat(x), what="split-R-hat", rtol=RTOL,
            bugs=_rhat_bugs(x))
