import numpy as np


def layer_norm_forward(x, gamma, beta, eps=1e-5):
    D = x.shape[-1]
    assert gamma.shape == beta.shape == (D,)
    mu = x.mean(axis=-1, keepdims=True)  # (..., 1)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)  # biased: divide by D
    inv_std = 1.0 / np.sqrt(var + eps)  # (..., 1)
    xhat = (x - mu) * inv_std  # (..., D)
    y = gamma * xhat + beta
    return y, (xhat, inv_std, gamma)


def layer_norm_backward(dy, cache):
    xhat, inv_std, gamma = cache
    D = xhat.shape[-1]
    dbeta = dy.reshape(-1, D).sum(axis=0)  # (D,): summed over every leading axis
    dgamma = (dy * xhat).reshape(-1, D).sum(axis=0)  # (D,)
    dxhat = dy * gamma  # (..., D)
    # xhat depends on x directly, through the mean and through the variance:
    dx = inv_std * dxhat  # BUG: mean and variance treated as constants
    return dx, dgamma, dbeta
