import numpy as np


def gae(rewards, values, dones, last_value, gamma, lam):
    rewards, values = np.asarray(rewards, float), np.asarray(values, float)  # (T, N), (T, N)
    not_done = np.ones_like(np.asarray(rewards, float))  # BUG: the done flags are ignored
    T = rewards.shape[0]
    next_values = np.concatenate([values[1:], np.asarray(last_value, float)[None]])  # V(s_t+1)
    advantages = np.zeros_like(rewards)
    running = np.zeros(rewards.shape[1:])  # A_{t+1}, reset at episode ends
    for t in reversed(range(T)):
        # one-step TD error; no bootstrap from the next state if the episode ended at t
        delta = rewards[t] + gamma * next_values[t] * not_done[t] - values[t]
        running = delta + gamma * lam * not_done[t] * running
        advantages[t] = running
    return advantages, advantages + values  # (T, N) advantages and value targets


def ppo_clip_loss(logp_new, logp_old, advantages, clip_eps):
    logp_new, logp_old = np.asarray(logp_new, float), np.asarray(logp_old, float)  # (n,)
    adv = np.asarray(advantages, float)  # (n,)
    ratio = np.exp(logp_new - logp_old)  # pi_new(a|s) / pi_old(a|s)
    unclipped = ratio * adv
    clipped = np.clip(ratio, 1 - clip_eps, 1 + clip_eps) * adv
    loss = -np.mean(np.minimum(unclipped, clipped))  # pessimistic: the smaller objective
    # the gradient flows only where the unclipped term is the one taken (or both are equal)
    active = unclipped <= clipped
    grad = np.where(active, -unclipped, 0.0) / len(adv)  # d loss / d logp_new: d ratio = ratio
    return float(loss), grad  # scalar, (n,)
