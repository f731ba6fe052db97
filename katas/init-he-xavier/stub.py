import numpy as np


def xavier_uniform(fan_in, fan_out, seed):
    """A {{SHAPE}} matrix from np.random.default_rng(seed), Xavier/Glorot uniform."""
    raise NotImplementedError


def xavier_normal(fan_in, fan_out, seed):
    raise NotImplementedError


def he_uniform(fan_in, fan_out, seed):
    raise NotImplementedError


def he_normal(fan_in, fan_out, seed):
    raise NotImplementedError
