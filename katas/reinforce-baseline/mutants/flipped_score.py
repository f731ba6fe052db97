import numpy as np


def _softmax(theta):
    e = np.exp(theta - np.max(theta))
    return e / e.sum()


def grad_log_softmax(theta, action):
    g = _softmax(np.asarray(theta, dtype=float))
    g[action] -= 1  # BUG: sign flipped
    return g


def policy_gradient_estimate(theta, actions, rewards, baseline=0.0):
    scores = np.array([grad_log_softmax(theta, a) for a in actions])
    return ((np.asarray(rewards) - baseline)[:, None] * scores).mean(0)


def fit_baseline(theta, actions, rewards):
    w = np.array([np.sum(grad_log_softmax(theta, a) ** 2) for a in actions])
    return float(w @ rewards / w.sum())

