"""Checks for ppo-gae. Trusted: never enters the sandbox.

Both functions are deterministic and checked exactly (rtol 1e-9) against the reference on
given trajectories and probability ratios. Episode ends are placed so that every way of
mishandling them (no mask, masking only the bootstrap value, not resetting the recursion)
changes the answer, and the surrogate is probed in all six regions (advantage sign x ratio
below, inside, above the clip range), where the gradient must vanish in exactly two.
"""

import numpy as np

from graders.kit import check

RTOL = 1e-9


def _gae_variant(r, v, d, last, gamma, lam, *, mask_value=True, mask_trace=True,
                 bootstrap=True):
    nd = 1.0 - d.astype(float)
    nxt = np.concatenate([v[1:], (last if bootstrap else np.zeros_like(last))[None]])
    adv, run = np.zeros_like(r), np.zeros(r.shape[1:])
    for t in reversed(range(len(r))):
        delta = r[t] + gamma * nxt[t] * (nd[t] if mask_value else 1.0) - v[t]
        run = delta + gamma * lam * (nd[t] if mask_trace else 1.0) * run
        adv[t] = run
    return adv


def _gae_bugs(r, v, d, last, gamma, lam):
    right = _gae_variant(r, v, d, last, gamma, lam)
    disc = np.zeros_like(r)  # plain discounted rewards-to-go within episodes
    run = np.zeros(r.shape[1:])
    for t in reversed(range(len(r))):
        run = r[t] + gamma * (1.0 - d[t]) * run
        disc[t] = run
    return {
        "the done flags are ignored: values and advantages leak across episode ends":
            (_gae_variant(r, v, d, last, gamma, lam, mask_value=False, mask_trace=False), None),
        "only the bootstrap value is masked at an episode end; the recursion "
        "A_t = delta_t + gamma lambda A_t+1 must be cut there too":
            (_gae_variant(r, v, d, last, gamma, lam, mask_trace=False), None),
        "the recursion is cut at episode ends but V(s_t+1) is still bootstrapped from the next "
        "episode's first state": (_gae_variant(r, v, d, last, gamma, lam, mask_value=False), None),
        "last_value is ignored: the rollout's final state must be bootstrapped":
            (_gae_variant(r, v, d, last, gamma, lam, bootstrap=False), None),
        "lambda is missing from the recursion (that is lambda = 1)":
            (_gae_variant(r, v, d, last, gamma, 1.0), None),
        "returns must be advantages + values, not plain discounted rewards": (right, disc),
    }


def _rollout(rng, T, N, p_done=0.2):
    r = rng.normal(0, 1, (T, N))
    v = rng.normal(2, 1, (T, N))  # values far from 0: a leaked bootstrap shows
    d = rng.random((T, N)) < p_done
    d[T // 2, 0] = True  # at least one episode end inside the rollout, not at its end
    d[-1, 0] = False
    return r, v, d, rng.normal(2, 1, N)


def _judge_gae(t, got, args, what):
    adv, ret = t.items(got, 2, what)
    want_a, want_r = t.ref.gae(*args)
    bugs = _gae_bugs(*args)
    t.close(adv, want_a, what=f"{what}: advantages", rtol=RTOL, atol=1e-12,
            bugs={k: v[0] for k, v in bugs.items() if v[1] is None})
    t.close(ret, want_r, what=f"{what}: returns", rtol=RTOL, atol=1e-12,
            bugs={k: v[1] for k, v in bugs.items() if v[1] is not None})


def _ppo_bugs(logp_new, logp_old, adv, eps):
    r = np.exp(logp_new - logp_old)
    n = len(adv)
    unc, clp = r * adv, np.clip(r, 1 - eps, 1 + eps) * adv
    return {
        "max instead of min: the clipped surrogate is the PESSIMISTIC (smaller) objective":
            (-np.mean(np.maximum(unc, clp)), np.where(unc >= clp, -unc, 0.0) / n),
        "the clipped term alone, without the min: for a negative advantage and a large ratio "
        "(or a positive advantage and a small one) the unclipped term must win":
            (-np.mean(clp), np.where((r > 1 - eps) & (r < 1 + eps), -unc, 0.0) / n),
        "the advantage is clipped instead of the ratio":
            (-np.mean(np.minimum(unc, r * np.clip(adv, -eps, eps))), None),
        "sign flipped: the loss is the negative surrogate objective":
            (np.mean(np.minimum(unc, clp)), None),
    }


def _judge_ppo(t, got, args, what):
    loss, grad = t.items(got, 2, what)
    want_l, want_g = t.ref.ppo_clip_loss(*args)
    bugs = _ppo_bugs(*args)
    t.close(t.number(loss, f"{what}: loss"), want_l, what=f"{what}: loss", rtol=RTOL,
            atol=1e-12, bugs={k: v[0] for k, v in bugs.items()})
    t.close(grad, want_g, what=f"{what}: d loss / d logp_new", rtol=RTOL, atol=1e-12,
            bugs={k: v[1] for k, v in bugs.items() if v[1] is not None})


# ---- visible

@check(points=1, visible=True)
def worked_example(t):
    """The statement's examples: a 3-step rollout with an episode end, and the six regions of
    the clipped surrogate."""
    gae_args = (np.array([[1.0], [0.0], [2.0]]), np.array([[0.5], [1.0], [0.0]]),
                np.array([[False], [True], [False]]), np.array([3.0]), 0.9, 0.8)
    ppo_args = (np.log([1.5, 0.5, 1.1, 1.5, 0.5, 0.9]), np.zeros(6),
                np.array([1.0, 1.0, 1.0, -1.0, -1.0, -1.0]), 0.2)
    got = yield [t.call("gae", *gae_args), t.call("ppo_clip_loss", *ppo_args)]
    _judge_gae(t, got[0], gae_args, "gae on the example")
    _judge_ppo(t, got[1], ppo_args, "ppo_clip_loss on the example")


# ---- hidden

@check(points=2)
def gae_exact(t):
    """GAE on a rollout of T = 24 steps from N = 4 environments, episode ends at random
    (20%) and at least one mid-rollout, gamma in [0.9, 0.999], lambda in [0.8, 0.97]."""
    args = (*_rollout(t.rng, 24, 4), float(t.rng.uniform(0.9, 0.999)),
            float(t.rng.uniform(0.8, 0.97)))
    got = yield t.call("gae", *args)
    _judge_gae(t, got, args, "gae")


@check(points=2)
def gae_episode_boundaries(t):
    """One environment, 10 steps, episodes ending at steps 2 and 6 and values of 10 or more:
    nothing may flow across an episode end, neither the next episode's value nor its
    advantages."""
    r = t.rng.normal(0, 1, (10, 1))
    v = 10.0 + t.rng.uniform(0, 5, (10, 1))
    d = np.zeros((10, 1), dtype=bool)
    d[[2, 6], 0] = True
    args = (r, v, d, np.array([12.0]), 0.99, 0.95)
    got = yield t.call("gae", *args)
    _judge_gae(t, got, args, "gae across episode ends")


@check(points=2)
def gae_lambda_limits(t):
    """lambda = 0 gives the one-step TD errors; lambda = 1 gives discounted returns (with the
    bootstrap) minus the values. Both exactly, on a 12-step rollout of 3 environments."""
    r, v, d, last = _rollout(t.rng, 12, 3)
    args0, args1 = (r, v, d, last, 0.97, 0.0), (r, v, d, last, 0.97, 1.0)
    got = yield [t.call("gae", *args0), t.call("gae", *args1)]
    _judge_gae(t, got[0], args0, "gae with lambda = 0")
    _judge_gae(t, got[1], args1, "gae with lambda = 1")


@check(points=2)
def ppo_exact(t):
    """The clipped surrogate and its gradient on 64 samples, ratios from 0.5 to 1.6,
    advantages of both signs, clip_eps in [0.1, 0.3]."""
    n = 64
    logp_old = -t.rng.uniform(0.1, 3.0, n)
    logp_new = logp_old + np.log(t.rng.uniform(0.5, 1.6, n))
    args = (logp_new, logp_old, t.rng.normal(0, 1, n), float(t.rng.uniform(0.1, 0.3)))
    got = yield t.call("ppo_clip_loss", *args)
    _judge_ppo(t, got, args, "ppo_clip_loss")


@check(points=2)
def ppo_six_regions(t):
    """Ratios below, inside and above [1 - eps, 1 + eps] for positive and negative advantages
    (4 samples each, in random order): the gradient vanishes exactly for A > 0 above the
    range and A < 0 below it, and nowhere else."""
    eps = float(t.rng.uniform(0.1, 0.3))
    low = t.rng.uniform(0.3, 1 - eps - 0.05, 8)
    mid = t.rng.uniform(1 - eps + 0.02, 1 + eps - 0.02, 8)
    high = t.rng.uniform(1 + eps + 0.05, 2.0, 8)
    ratio = np.concatenate([low, mid, high])
    adv = np.tile(np.repeat([1.0, -1.0], 4), 3) * t.rng.uniform(0.2, 2.0, 24)
    order = t.rng.permutation(24)
    logp_old = -t.rng.uniform(0.5, 2.0, 24)
    args = (logp_old + np.log(ratio[order]), logp_old, adv[order], eps)
    got = yield t.call("ppo_clip_loss", *args)
    _judge_ppo(t, got, args, "ppo_clip_loss in the six regions")
