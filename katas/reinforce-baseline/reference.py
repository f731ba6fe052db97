"""REINFORCE for a softmax bandit, with a least-squares constant baseline."""

import numpy as np


def softmax(theta):
    z = np.exp(theta - np.max(theta))
    return z / z.sum()


def grad_log_softmax(theta, action):
    theta = np.asarray(theta, dtype=np.float64)  # (K,)
    onehot = np.zeros_like(theta)
    onehot[action] = 1.0
    return onehot - softmax(theta)  # d/dtheta [theta_a - logsumexp(theta)]


def _score(theta, actions):
    return np.stack([grad_log_softmax(theta, a) for a in np.asarray(actions)])  # (N, K)


def policy_gradient_estimate(theta, actions, rewards, baseline=0.0):
    rewards = np.asarray(rewards, dtype=np.float64)  # (N,)
    assert np.ndim(baseline) == 0, "the baseline is one number, the same for every action"
    score = _score(theta, actions)  # (N, K)
    return np.mean((rewards - baseline)[:, None] * score, axis=0)  # (K,)


def fit_baseline(theta, actions, rewards):
    rewards = np.asarray(rewards, dtype=np.float64)  # (N,)
    sq_norm = np.sum(_score(theta, actions) ** 2, axis=1)  # (N,) ||grad log pi(a_i)||^2
    # d/db sum_i (r_i - b)^2 ||g_i||^2 = 0  =>  b = weighted mean of rewards
    return float(np.sum(sq_norm * rewards) / np.sum(sq_norm))
