"""Checks for metropolis-hastings. Trusted: never enters the sandbox.

The sampler is graded statistically. Every chain starts from a draw of the target itself,
so a correct sampler's states are all distributed exactly as the target (no burn-in) and
the chains are independent: the average of a per-chain statistic over the chains is then an
unbiased estimate of the target's value, and the spread of the per-chain statistics gives
its standard error with the chain's autocorrelation (its effective sample size) included.
A statistic fails when it is more than 6 standard errors away; with 64 chains that is a
Student-t tail of 1.1e-7. A check tests at most 6 statistics and a grading 15, so a correct
sampler fails a grading with probability near 2e-6 (over 100 simulated gradings of the
reference, 1500 statistics, the largest deviation seen was 3.7 standard errors). Banana
moments are tested on its unbent, Gaussian coordinates, whose per-chain averages are close
to normal.
"""

import numpy as np

from graders import plots
from graders.compare import as_array
from graders.kit import check

from . import harness

CHAINS, SIGMAS = 64, 6.0


# ---- the targets on the trusted side: vectorised log-densities, exact draws, exact moments

def _gaussian_draw(rng, n):
    chol = np.linalg.cholesky(np.linalg.inv(harness.GAUSS_PRECISION))
    return harness.GAUSS_MEAN + rng.standard_normal((n, 2)) @ chol.T


def _gaussian_logp(x):
    r = x - harness.GAUSS_MEAN
    return -0.5 * np.einsum("...i,ij,...j->...", r, harness.GAUSS_PRECISION, r)


def _banana_draw(rng, n):
    x1 = rng.standard_normal(n)
    return np.stack([x1, harness.BANANA_B * (x1**2 - 1) + rng.standard_normal(n)], -1)


def _banana_logp(x):
    x1, x2 = x[..., 0], x[..., 1]
    return -0.5 * x1**2 - 0.5 * (x2 - harness.BANANA_B * (x1**2 - 1)) ** 2


MIX_W, MIX_MU, MIX_SD = np.array([0.3, 0.7]), np.array([-1.5, 1.0]), np.array([0.5, 0.7])


def _mixture_draw(rng, n):
    k = (rng.random(n) < MIX_W[1]).astype(int)
    return (MIX_MU[k] + MIX_SD[k] * rng.standard_normal(n))[:, None]


def _mixture_logp(x):
    comp = np.log(MIX_W / MIX_SD) - 0.5 * ((x[..., :1] - MIX_MU) / MIX_SD) ** 2
    return np.logaddexp(comp[..., 0], comp[..., 1])


_MIX_MEAN = float(MIX_W @ MIX_MU)


def _unbend(x):
    """(x1, x2 - b (x1^2 - 1)): independent N(0, 1) coordinates under the banana target."""
    return np.stack([x[..., 0], x[..., 1] - harness.BANANA_B * (x[..., 0] ** 2 - 1)], -1)


# name: (exact sampler, vectorised log-density, features whose moments are tested and their
#        names, the features' exact mean and covariance). Banana moments are tested on the
#        unbent coordinates: x2 itself has tails too heavy for a 64-chain standard error.
TARGETS = {
    "gaussian": (_gaussian_draw, _gaussian_logp, lambda x: x, ["x[0]", "x[1]"],
                 harness.GAUSS_MEAN, np.linalg.inv(harness.GAUSS_PRECISION)),
    "banana": (_banana_draw, _banana_logp, _unbend, ["x[0]", "x[1] - 0.5 (x[0]^2 - 1)"],
               np.zeros(2), np.eye(2)),
    "mixture": (_mixture_draw, _mixture_logp, lambda x: x, ["x[0]"], np.array([_MIX_MEAN]),
                np.array([[float(MIX_W @ (MIX_SD**2 + MIX_MU**2)) - _MIX_MEAN**2]])),
}


def _acceptance(rng, target, step, n=400_000):
    """The stationary acceptance rate E[min(1, p(x')/p(x))] and its Monte-Carlo error."""
    draw, logp = TARGETS[target][:2]
    x = draw(rng, n)
    a = np.minimum(1.0, np.exp(np.minimum(0.0, logp(x + step * rng.standard_normal(x.shape))
                                          - logp(x))))
    return float(a.mean()), float(a.std() / np.sqrt(n))


# ---- judging a batch of chains

def _chains(t, got, n_chains, n_samples, d, what):
    arr = as_array(got, np.zeros((n_chains, n_samples, d)), what).astype(np.float64)
    t.expect(arr.shape == (n_chains, n_samples, d),
             f"{what}: each chain has shape {arr.shape[1:]}, expected (n_samples, d) = "
             f"{(n_samples, d)}: one row per step, the starting point not included"
             + (" (only accepted proposals recorded? a rejected step records the current "
                "state again)" if arr.ndim == 3 and arr.shape[1] < n_samples else ""),
             bug="wrong shape")
    t.expect(np.all(np.isfinite(arr)), f"{what}: the chains contain NaN or Inf",
             bug="non-finite values")
    return arr


def _judge_moments(t, arr, x0s, target, step, rng):
    _, _, features, names, mean, cov = TARGETS[target]
    n_chains = arr.shape[0]
    prev = np.concatenate([x0s[:, None, :], arr[:, :-1]], axis=1)
    moved = np.any(arr != prev, axis=-1).mean(axis=1)  # (chains,) per-chain acceptance rate
    rate = float(moved.mean())
    t.note(acceptance_rate=round(rate, 4))
    if rate == 1.0:
        spread = float(np.max(features(arr).var(axis=(0, 1)) / np.diag(cov)))
        if spread > 3:
            t.fail(f"{target}: every one of {arr.shape[0] * arr.shape[1]} proposals was "
                   f"accepted and the chains spread {spread:.0f}x wider than the target: the "
                   "accept/reject test never rejects, so this is a plain random walk",
                   bug="never rejects", variance_ratio=spread)
        t.fail(f"{target}: in {arr.shape[0] * arr.shape[1]} steps the chain never stayed where "
               "it was: rejected steps are not recorded. On rejection the current state must "
               "be appended again; dropping those repeats over-represents the regions the "
               "chain leaves easily", bug="rejections not recorded")
    t.expect(rate > 0.0, f"{target}: the chain never moved from its starting point "
             "(is any proposal ever accepted?)", bug="never accepts")
    want_rate, rate_mc_se = _acceptance(rng, target, step)
    se = float(np.sqrt(moved.var(ddof=1) / n_chains + rate_mc_se**2))
    t.expect(abs(rate - want_rate) <= SIGMAS * se + 1e-3,
             f"{target}: acceptance rate {rate:.3f}, but random-walk Metropolis with step "
             f"{step} accepts {want_rate:.3f} of proposals on this target "
             f"({abs(rate - want_rate) / se:.1f} standard errors off): check the acceptance "
             "test log(u) < log p(x') - log p(x) and "
             "that the proposal is x + step * N(0, I), centred at x",
             bug="wrong acceptance rate", acceptance_rate=rate, expected_rate=want_rate)

    f = features(arr)  # (chains, n, k)
    stats = {f"mean of {names[i]}": (f[..., i].mean(1), mean[i]) for i in range(len(names))}
    centred = f - mean  # around the true mean: unbiased per chain
    for i in range(len(names)):
        for j in range(i, len(names)):
            name = f"variance of {names[i]}" if i == j else f"covariance of {names[i]}, {names[j]}"
            stats[name] = ((centred[..., i] * centred[..., j]).mean(1), cov[i, j])
    worst, worst_z = None, 0.0
    for name, (per_chain, want) in stats.items():
        est, se = per_chain.mean(), per_chain.std(ddof=1) / np.sqrt(n_chains)
        z = abs(est - want) / max(se, 1e-12)
        if z > worst_z:
            worst, worst_z = (name, est, want, se), z
    t.note(max_standard_errors_off=round(worst_z, 2))
    if worst is not None and worst_z > SIGMAS:
        name, est, want, se = worst
        ratio = est / want if "variance" in name and want else None
        hint = (" — the chain spreads far too wide: is the acceptance test reversed or "
                "missing?" if ratio and ratio > 2 else "")
        t.fail(f"{target}: the {name} over {n_chains} chains is {est:.3f}, the target's is "
               f"{want:.3f} ({worst_z:.1f} standard errors of {se:.3f} off){hint}",
               bug="wrong stationary distribution", statistic=name, standard_errors_off=worst_z)


def _moments_check(t, target, step, n_samples):
    draw = TARGETS[target][0]
    x0s = draw(t.rng, CHAINS)  # (chains, d): start in the stationary distribution
    seeds = t.rng.integers(0, 2**31, CHAINS)
    got = yield t.probe("chains", target, x0s, n_samples, step, seeds)
    arr = _chains(t, got, CHAINS, n_samples, x0s.shape[1], f"{target} chains")
    _judge_moments(t, arr, x0s, target, step, t.rng)


# ---- the checks

@check(points=1, visible=True)
def one_chain_shape(t):
    """One chain of 50 steps on the 2-D Gaussian: shape (50, 2), finite, some steps rejected."""
    got = yield t.probe("chains", "gaussian", np.array([[1.0, -2.0]]), 50, 1.0, np.array([7]))
    arr = _chains(t, got, 1, 50, 2, "a chain of 50 steps")
    t.note(plot=plots.line("Trace of your chain: flat stretches are rejected proposals",
                           {"x[0]": arr[0, :, 0], "x[1]": arr[0, :, 1]}, x_label="step",
                           y_label="state"))
    prev = np.concatenate([[[1.0, -2.0]], arr[0, :-1]])
    stayed = np.all(arr[0] == prev, axis=-1)
    t.expect(stayed.any(), "in 50 steps with step size 1 no proposal was rejected (or rejected "
             "steps were not recorded): on rejection append the current state again",
             bug="no rejections recorded")
    t.expect(not stayed.all(), "the chain never moved", bug="never accepts")


@check(points=1, visible=True)
def uses_the_given_rng(t):
    """The sampler draws all randomness from `rng`: the same seed gives the same chain,
    another seed a different one. Also runs a 1-D target."""
    x0, seeds = np.array([[0.5]]), [np.array([3]), np.array([3]), np.array([4])]
    got = yield [t.probe("chains", "mixture", x0, 30, 1.5, s) for s in seeds]
    a, b, c = (_chains(t, g, 1, 30, 1, "a 1-D chain of 30 steps") for g in got)
    t.expect(np.array_equal(a, b), "two runs with rng = np.random.default_rng(3) gave different "
             "chains: draw every random number from the rng argument (not np.random.*)",
             bug="ignores the rng argument")
    t.expect(not np.array_equal(a, c), "runs with seeds 3 and 4 gave the same chain",
             bug="ignores the rng argument")


@check(points=1, visible=True)
def mixture_histogram(t):
    """8 chains of 400 steps (step 1.5) on the 1-D mixture 0.3 N(-1.5, 0.5^2) + 0.7 N(1, 0.7^2),
    started from draws of it: the histogram follows the density and the mean is near 0.25."""
    x0s = _mixture_draw(t.rng, 8)  # (8, 1)
    seeds = t.rng.integers(0, 2**31, 8)
    got = yield t.probe("chains", "mixture", x0s, 400, 1.5, seeds)
    arr = _chains(t, got, 8, 400, 1, "8 chains of 400 steps")
    edges = np.linspace(-3.5, 3.5, 36)
    centres = (edges[:-1] + edges[1:]) / 2
    counts, _ = np.histogram(arr.ravel(), bins=edges)
    density = np.exp(_mixture_logp(centres[:, None])) / np.sqrt(2 * np.pi)
    t.note(plot=plots.line("Your samples (histogram) against the target density",
                           {"your samples": counts / (arr.size * (edges[1] - edges[0])),
                            "target density": density}, x=centres, x_label="x",
                           y_label="density"))
    mean = float(arr.mean())
    t.expect(abs(mean - _MIX_MEAN) < 0.5, f"the samples' mean is {mean:.3g}, the target's "
             f"{_MIX_MEAN:.3g}: the chain does not sample the target", bug="wrong target")


@check(points=3)
def correlated_gaussian(t):
    """Moments and acceptance rate on a 2-D Gaussian with correlation 0.8.

    64 chains of 250 steps, step 1.0, each started from a draw of the target; mean,
    covariance and acceptance rate must be within 6 standard errors (see the module
    docstring: false-failure probability below 1e-6).
    """
    yield from _moments_check(t, "gaussian", 1.0, 250)


@check(points=3)
def banana(t):
    """Moments and acceptance rate on a 2-D banana-shaped density.

    64 chains of 250 steps, step 1.2, started from draws of the target; 6 standard errors on
    the moments of (x1, x2 - 0.5 (x1^2 - 1)), which are N(0, I) under the target
    (false-failure probability below 1e-6).
    """
    yield from _moments_check(t, "banana", 1.2, 250)


@check(points=3)
def bimodal_mixture(t):
    """Moments and acceptance rate on a 1-D mixture of two Gaussians.

    64 chains of 250 steps, step 1.5, started from draws of the target; 6 standard errors
    (false-failure probability below 1e-6).
    """
    yield from _moments_check(t, "mixture", 1.5, 250)


@check(points=2)
def forgets_a_far_start(t):
    """Chains started far out in the tail reach the target and then stay in it.

    16 chains on the 2-D Gaussian start at Mahalanobis distance 9 (log-density -40.5) and
    run 600 steps of size 1.0; over the last 300 steps the squared Mahalanobis distance
    (2 on average under the target) must average below 4. A correct chain reaches the bulk
    in under 100 steps, and the average it then gives has a standard error near 0.1,
    so 4 is 20 standard errors away: false failures are far rarer than 1e-6.
    """
    n_chains, n_samples = 16, 600
    angle = t.rng.uniform(0, 2 * np.pi, n_chains)
    chol = np.linalg.cholesky(np.linalg.inv(harness.GAUSS_PRECISION))
    x0s = harness.GAUSS_MEAN + 9.0 * np.stack([np.cos(angle), np.sin(angle)], -1) @ chol.T
    seeds = t.rng.integers(0, 2**31, n_chains)
    got = yield t.probe("chains", "gaussian", x0s, n_samples, 1.0, seeds)
    arr = _chains(t, got, n_chains, n_samples, 2, "chains from a far start")
    r = arr[:, n_samples // 2:] - harness.GAUSS_MEAN
    dist2 = np.einsum("...i,ij,...j->...", r, harness.GAUSS_PRECISION, r)  # (chains, steps)
    t.note(mean_sq_distance_second_half=round(float(dist2.mean()), 3))
    t.expect(dist2.mean() < 4.0, f"started at squared Mahalanobis distance 81, the chains "
             f"still average {dist2.mean():.1f} (target: 2) over steps 300-600: they do not "
             "settle into the target. Does the acceptance test compare with the log-density "
             "of the CURRENT state (updated after every accepted move), and is the proposal "
             "centred at x?",
             bug="does not converge", mean_sq_distance=float(dist2.mean()))
