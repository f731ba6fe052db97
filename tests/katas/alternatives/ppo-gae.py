"""ppo-gae written differently: GAE as a sum of discounted TD errors per episode segment,
the surrogate's gradient from an explicit case analysis."""

import numpy as np


def gae(rewards, values, dones, last_value, gamma, lam):
    rewards = np.asarray(rewards, dtype=float)
    values = np.asarray(values, dtype=float)
    dones = np.asarray(dones, dtype=bool)
    T, N = rewards.shape
    adv = np.zeros((T, N))
    for env in range(N):
        for t in range(T):
            total, weight = 0.0, 1.0
            for k in range(t, T):
                if dones[k, env]:
                    following = 0.0
                else:
                    following = values[k + 1, env] if k + 1 < T else float(last_value[env])
                total += weight * (rewards[k, env] + gamma * following - values[k, env])
                if dones[k, env]:
                    break
                weight *= gamma * lam
            adv[t, env] = total
    return adv, adv + values


def ppo_clip_loss(logp_new, logp_old, advantages, clip_eps):
    ratios = np.exp(np.asarray(logp_new, float) - np.asarray(logp_old, float))
    advantages = np.asarray(advantages, float)
    n = len(ratios)
    objective, grad = 0.0, np.zeros(n)
    for i, (rho, a) in enumerate(zip(ratios, advantages, strict=True)):
        if a >= 0 and rho > 1 + clip_eps:
            objective += (1 + clip_eps) * a  # clipped: no incentive to push further
        elif a < 0 and rho < 1 - clip_eps:
            objective += (1 - clip_eps) * a
        else:
            objective += rho * a
            grad[i] = -rho * a / n
    return -objective / n, grad
