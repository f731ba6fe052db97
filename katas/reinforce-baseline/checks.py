"""Checks for reinforce-baseline. Trusted: never enters the sandbox."""

import numpy as np

from graders import plots
from graders.compare import as_array
from graders.kit import check

SIGMAS = 5.0


def _softmax(theta):
    z = np.exp(theta - theta.max())
    return z / z.sum()


def _score_bugs(theta, a):
    p, onehot = _softmax(theta), np.eye(len(theta))[a]
    return {
        "sign flipped: softmax(theta) - onehot(a) instead of onehot(a) - softmax(theta)":
            p - onehot,
        "only the diagonal term: onehot(a) * (1 - pi(a)); every theta_j moves log pi(a) "
        "through the normaliser": onehot * (1 - p),
        "the normaliser's gradient is missing: d log pi(a) / d theta = onehot(a) - softmax(theta)":
            onehot,
        "uniform probabilities used instead of softmax(theta)": onehot - 1 / len(theta),
    }


def _estimate_bugs(ref, theta, actions, rewards, b):
    score = np.stack([ref.grad_log_softmax(theta, a) for a in actions])
    per_action = np.array([rewards[actions == a].mean() for a in actions])
    return {
        "the baseline is not subtracted": ref.policy_gradient_estimate(theta, actions, rewards),
        "the baseline is added instead of subtracted":
            np.mean((rewards + b)[:, None] * score, 0),
        "sum over the samples instead of the mean": np.sum((rewards - b)[:, None] * score, 0),
        "an action-dependent baseline (mean reward of the action taken): biased":
            np.mean((rewards - per_action)[:, None] * score, 0),
    }


def _bandit(rng, K=4, N=8):
    theta = rng.normal(0, 0.7, K)
    mu = 10.0 + rng.normal(0, 1, K)  # a large common offset: the baseline matters
    return theta, mu


def _sample(rng, theta, mu, shape):
    p = _softmax(theta)
    actions = (rng.random(shape)[..., None] > np.cumsum(p)).sum(-1)  # inverse CDF
    return actions, mu[actions] + rng.standard_normal(shape)


@check(points=1, visible=True)
def grad_log_softmax_example(t):
    """grad_log_softmax for theta = 0 (uniform policy) and a random theta."""
    theta = np.array([0.3, -1.2, 0.8, 0.0])
    got = yield [t.call("grad_log_softmax", np.zeros(3), 0), t.call("grad_log_softmax", theta, 2)]
    t.close(got[0], t.ref.grad_log_softmax(np.zeros(3), 0), what="grad_log_softmax(zeros(3), 0)",
            bugs=_score_bugs(np.zeros(3), 0))
    t.close(got[1], t.ref.grad_log_softmax(theta, 2), what="grad_log_softmax(theta, 2)",
            bugs=_score_bugs(theta, 2))


@check(points=1, visible=True)
def worked_example(t):
    """The statement's example: two samples, with and without a baseline, and the fit."""
    theta, actions, rewards = np.zeros(3), np.array([0, 2]), np.array([1.0, 3.0])
    got = yield [t.call("policy_gradient_estimate", theta, actions, rewards),
                 t.call("policy_gradient_estimate", theta, actions, rewards, 2.0),
                 t.call("fit_baseline", theta, actions, rewards)]
    t.close(got[0], t.ref.policy_gradient_estimate(theta, actions, rewards),
            what="estimate without a baseline")
    t.close(got[1], t.ref.policy_gradient_estimate(theta, actions, rewards, 2.0),
            what="estimate with baseline 2",
            bugs=_estimate_bugs(t.ref, theta, actions, rewards, 2.0))
    t.close(t.number(got[2], "fit_baseline"), t.ref.fit_baseline(theta, actions, rewards),
            what="fit_baseline")


@check(points=1, visible=True)
def baseline_spread_example(t):
    """60 batches of 8 samples from one bandit (rewards about 10): each batch's estimate with
    and without its fitted baseline, exactly as the reference computes them."""
    R, N = 60, 8
    theta, mu = _bandit(t.rng)
    actions, rewards = _sample(t.rng, theta, mu, (R, N))
    fit_actions, fit_rewards = _sample(t.rng, theta, mu, (R, N))
    got = yield t.probe("estimates", theta, actions, rewards, fit_actions, fit_rewards)
    got = t.mapping(got, ["plain", "with_baseline", "baselines"], "estimates")
    p = _softmax(theta)
    curves = {label: got[key][:, 0] for key, label in (("plain", "without a baseline"),
                                                        ("with_baseline", "with the baseline"))
              if isinstance(got[key], np.ndarray) and got[key].ndim == 2 and got[key].size}
    curves["true gradient"] = np.full(R, p[0] * (mu[0] - p @ mu))
    t.note(plot=plots.line("Component 0 of your gradient estimate, batch by batch", curves,
                           x_label="batch", y_label="estimate"))
    bs = [t.ref.fit_baseline(theta, fa, fr) for fa, fr in zip(fit_actions, fit_rewards,
                                                               strict=True)]
    t.close(got["plain"], np.stack([t.ref.policy_gradient_estimate(theta, a, r)
                                    for a, r in zip(actions, rewards, strict=True)]),
            what="estimates without a baseline", rtol=1e-5, atol=1e-6)
    t.close(got["baselines"], np.array(bs), what="fitted baselines", rtol=1e-5, atol=1e-6)
    t.close(got["with_baseline"], np.stack([
        t.ref.policy_gradient_estimate(theta, a, r, b)
        for a, r, b in zip(actions, rewards, bs, strict=True)]), what="estimates with the baseline",
        rtol=1e-5, atol=1e-6)


@check(points=2)
def grad_log_softmax_random(t):
    """K = 6, every action, moderate logits and logits of magnitude 1e3 (stable softmax)."""
    theta = t.rng.normal(0, 1.5, 6)
    big = 1e3 * t.rng.standard_normal(6)
    calls = [t.call("grad_log_softmax", theta, a) for a in range(6)]
    got = yield calls + [t.call("grad_log_softmax", big, 1)]
    for a in range(6):
        t.close(got[a], t.ref.grad_log_softmax(theta, a), what=f"grad_log_softmax(theta, {a})",
                bugs=_score_bugs(theta, a))
    t.close(got[6], t.ref.grad_log_softmax(big, 1), what="grad_log_softmax for logits ~1e3",
            bugs=_score_bugs(big, 1))


@check(points=3)
def estimate_exact(t):
    """policy_gradient_estimate on 25 given samples, with baseline 0 and a random one."""
    theta, mu = _bandit(t.rng, K=5)
    actions, rewards = _sample(t.rng, theta, mu, 25)
    b = float(t.rng.uniform(5, 12))
    got = yield [t.call("policy_gradient_estimate", theta, actions, rewards),
                 t.call("policy_gradient_estimate", theta, actions, rewards, b)]
    # components are averages of terms of size |r - b| that largely cancel: the absolute
    # tolerance follows the terms, so float32 arithmetic inside passes
    t.close(got[0], t.ref.policy_gradient_estimate(theta, actions, rewards),
            what="estimate without a baseline", atol=1e-5 * np.abs(rewards).mean(), bugs={
                "sum over the samples instead of the mean":
                    25 * t.ref.policy_gradient_estimate(theta, actions, rewards)})
    t.close(got[1], t.ref.policy_gradient_estimate(theta, actions, rewards, b),
            what="estimate with a baseline", atol=1e-5 * np.abs(rewards - b).mean(),
            bugs=_estimate_bugs(t.ref, theta, actions, rewards, b))


@check(points=2)
def fit_baseline_exact(t):
    """fit_baseline on 30 given samples: the least-squares constant, not the mean reward."""
    # unequal (but not tiny) probabilities make ||grad log pi(a)|| differ between actions
    theta = np.array([1.5, 0.5, 0.0, -0.5])[t.rng.permutation(4)]
    mu = 10.0 + np.array([-4.0, -1.0, 2.0, 5.0])[t.rng.permutation(4)]  # and their rewards
    actions, rewards = _sample(t.rng, theta, mu, 30)
    got = yield t.call("fit_baseline", theta, actions, rewards)
    sq = np.array([np.sum(t.ref.grad_log_softmax(theta, a) ** 2) for a in actions])
    nrm = np.sqrt(sq)
    t.close(t.number(got, "fit_baseline"), t.ref.fit_baseline(theta, actions, rewards),
            what="fit_baseline", bugs={
                "the plain mean reward: the least-squares b weights each reward by "
                "||grad log pi(a_i)||^2": float(rewards.mean()),
                "rewards weighted by ||grad log pi(a_i)|| instead of its square":
                    float(nrm @ rewards / nrm.sum()),
            })


@check(points=4)
def unbiased_and_lower_variance(t):
    """Over 400 batches of 8 samples, both estimators average to the true gradient and the
    fitted baseline at least halves the variance.

    True gradient of J = sum_a pi(a) mu(a): pi_j (mu_j - J). Each of the 2 x 4 components of
    the two averaged estimators must be within 5 standard errors (estimated from the 400
    batches) of it: false-failure probability 8 x 5.7e-7 < 5e-6. The baseline is fitted on
    an independent batch. With rewards of mean about 10 and spread 1, the variance ratio is
    at most about 0.03 (0.016 on average over 100 simulated gradings), so the 0.5 threshold
    is never missed by a correct solution (probability far below 1e-9).
    """
    R, N = 400, 8
    theta, mu = _bandit(t.rng)
    actions, rewards = _sample(t.rng, theta, mu, (R, N))
    fit_actions, fit_rewards = _sample(t.rng, theta, mu, (R, N))
    got = yield t.probe("estimates", theta, actions, rewards, fit_actions, fit_rewards)
    got = t.mapping(got, ["plain", "with_baseline", "baselines"], "estimates")
    p = _softmax(theta)
    true_grad = p * (mu - p @ mu)
    runs = {}
    for key, label in (("plain", "without a baseline"), ("with_baseline", "with the baseline")):
        arr = as_array(got[key], np.zeros((R, 4)), f"estimates {label}").astype(np.float64)
        t.expect(arr.shape == (R, 4), f"estimates {label}: shape {arr.shape[1:]} per batch, "
                 "expected (K,) = (4,)", bug="wrong shape")
        t.expect(np.all(np.isfinite(arr)), f"estimates {label}: NaN or Inf",
                 bug="non-finite values")
        runs[key] = arr
        mean, se = arr.mean(0), arr.std(0, ddof=1) / np.sqrt(R)
        off = np.abs(mean - true_grad)
        z = off / np.maximum(se, 1e-12)
        j = int(np.argmax(z))
        how = (f"{z[j]:.1f} standard errors" if se[j] > 1e-9 else
               f"{off[j]:.3g} (and it is the same in every batch)")
        hint = ("a baseline must be one constant for all actions (an action-dependent one "
                "biases the gradient); also check the sign of grad log pi"
                if key == "with_baseline" else "check grad log pi")
        t.expect(z[j] <= SIGMAS, f"the estimator {label} is biased: averaged over {R} batches "
                 f"its component {j} is off from the true gradient pi_j (mu_j - J) by {how}; "
                 + hint,
                 bug="biased estimator", component=j, standard_errors_off=float(z[j]))
    var_plain = runs["plain"].var(0, ddof=1).sum()
    var_base = runs["with_baseline"].var(0, ddof=1).sum()
    ratio = float(var_base / var_plain)
    t.note(variance_ratio=round(ratio, 4))
    same = np.allclose(runs["plain"], runs["with_baseline"])
    t.expect(ratio <= 0.5, f"with the fitted baseline the estimator's variance is {ratio:.2f} "
             "times that without it; a baseline near the mean reward (about 10 here) should "
             "cut it to a small fraction"
             + (" — the estimates are identical: the baseline is not subtracted" if same else ""),
             bug="baseline not subtracted" if same else "no variance reduction",
             variance_ratio=ratio)
