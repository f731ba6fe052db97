"""Mutant."""

import numpy as np


def _xavier_uniform(fan_in, fan_out, seed):
    a = np.sqrt(6.0 / (fan_in + fan_out))  # U(-a, a) has variance a^2 / 3
    return np.random.default_rng(seed).uniform(-a, a, size=(fan_out, fan_in))  # BUG: transposed


def _xavier_normal(fan_in, fan_out, seed):
    std = np.sqrt(2.0 / (fan_in + fan_out))
    return np.random.default_rng(seed).normal(0.0, std, size=(fan_out, fan_in))  # BUG: transposed


def _he_uniform(fan_in, fan_out, seed):
    a = np.sqrt(6.0 / fan_in)  # variance a^2 / 3 = 2 / fan_in: ReLU halves the second moment
    return np.random.default_rng(seed).uniform(-a, a, size=(fan_out, fan_in))  # BUG: transposed


def _he_normal(fan_in, fan_out, seed):
    std = np.sqrt(2.0 / fan_in)
    return np.random.default_rng(seed).normal(0.0, std, size=(fan_out, fan_in))  # BUG: transposed


# The kata's variant (kata.toml [variants]) says the layout; the functions above draw
# (fan_in, fan_out) matrices.
LAYOUT = "in_out"  # or "out_in": (fan_out, fan_in), used as W @ x


def _laid_out(w):
    return w if LAYOUT == "in_out" else w.T


def xavier_uniform(fan_in, fan_out, seed):
    return _laid_out(_xavier_uniform(fan_in, fan_out, seed))


def xavier_normal(fan_in, fan_out, seed):
    return _laid_out(_xavier_normal(fan_in, fan_out, seed))


def he_uniform(fan_in, fan_out, seed):
    return _laid_out(_he_uniform(fan_in, fan_out, seed))


def he_normal(fan_in, fan_out, seed):
    return _laid_out(_he_normal(fan_in, fan_out, seed))
