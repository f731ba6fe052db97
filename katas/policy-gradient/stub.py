import numpy as np
import torch


def discounted_returns(rewards, gamma):
    """G_t = sum_k gamma^k r_{t+k}, as a float numpy array of the same length."""
    raise NotImplementedError


def reinforce_loss(log_probs, returns, baseline=None):
    """-mean_t(log_prob_t * (G_t - b_t)), a scalar tensor; no gradient into returns or baseline."""
    raise NotImplementedError


def train(env, policy, optimizer, episodes, gamma=0.99):
    """REINFORCE, one update per episode; return each episode's total reward."""
    raise NotImplementedError
