"""layer-norm written differently: float32, a dict cache of raw quantities, dx via the chain
rule step by step (through the mean and the variance, as a computational graph)."""

import numpy as np


def layer_norm_forward(x, gamma, beta, eps=1e-5):
    x = np.asarray(x, dtype=np.float32)
    n = x.shape[-1]
    mean = np.sum(x, axis=-1, keepdims=True) / n
    centred = x - mean
    var = np.sum(centred * centred, axis=-1, keepdims=True) / n
    std = np.sqrt(var + eps)
    xhat = centred / std
    return xhat * gamma + beta, {"centred": centred, "std": std, "gamma": gamma, "n": n}


def layer_norm_backward(dy, cache):
    c, std, gamma, n = cache["centred"], cache["std"], cache["gamma"], cache["n"]
    lead = tuple(range(dy.ndim - 1))
    dbeta = np.sum(dy, axis=lead)
    dgamma = np.sum(dy * c / std, axis=lead)
    dxhat = dy * gamma
    dstd = np.sum(-dxhat * c / std**2, axis=-1, keepdims=True)
    dvar = dstd / (2 * std)
    dcentred = dxhat / std + dvar * 2 * c / n
    dx = dcentred - np.sum(dcentred, axis=-1, keepdims=True) / n
    return dx, dgamma, dbeta
