"""Mutant."""

import numpy as np


def xavier_uniform(fan_in, fan_out, seed):
    a = np.sqrt(6.0 / (fan_in + fan_out))  # U(-a, a) has variance a^2 / 3
    return np.random.default_rng(seed).uniform(-a, a, size=(fan_out, fan_in))  # BUG: transposed


def xavier_normal(fan_in, fan_out, seed):
    std = np.sqrt(2.0 / (fan_in + fan_out))
    return np.random.default_rng(seed).normal(0.0, std, size=(fan_out, fan_in))  # BUG: transposed


def he_uniform(fan_in, fan_out, seed):
    a = np.sqrt(6.0 / fan_in)  # variance a^2 / 3 = 2 / fan_in: ReLU halves the second moment
    return np.random.default_rng(seed).uniform(-a, a, size=(fan_out, fan_in))  # BUG: transposed


def he_normal(fan_in, fan_out, seed):
    std = np.sqrt(2.0 / fan_in)
    return np.random.default_rng(seed).normal(0.0, std, size=(fan_out, fan_in))  # BUG: transposed
