import numpy as np


def gae(rewards, values, dones, last_value, gamma, lam):
    """GAE(gamma, lambda) over a (T, N) rollout; returns (advantages, returns), both (T, N)."""
    raise NotImplementedError


def ppo_clip_loss(logp_new, logp_old, advantages, clip_eps):
    """The PPO clipped surrogate loss (a float) and its gradient w.r.t. logp_new, shape (n,)."""
    raise NotImplementedError
