import numpy as np


def grad_log_softmax(theta, action):
    """Gradient of log softmax(theta)[action] with respect to theta; shape (K,)."""
    raise NotImplementedError


def policy_gradient_estimate(theta, actions, rewards, baseline=0.0):
    """REINFORCE estimate (1/N) sum_i (r_i - baseline) grad log pi(a_i); shape (K,)."""
    raise NotImplementedError


def fit_baseline(theta, actions, rewards):
    """The constant b minimising sum_i ||(r_i - b) grad log pi(a_i)||^2; a float."""
    raise NotImplementedError
