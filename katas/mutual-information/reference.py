"""Entropy, conditional entropy and mutual information of discrete tables, in nats."""

import numpy as np


def entropy(p):
    p = np.asarray(p, dtype=np.float64).ravel()
    nz = p[p > 0]  # 0 log 0 = 0: zero entries contribute nothing
    return float(-np.sum(nz * np.log(nz)))


def _validate(joint):
    joint = np.asarray(joint, dtype=np.float64)
    if joint.ndim != 2:
        raise ValueError(f"joint must be a 2-D table, got shape {joint.shape}")
    if np.any(joint < 0):
        raise ValueError("joint has negative entries")
    if abs(joint.sum() - 1.0) > 1e-6:
        raise ValueError(f"joint sums to {joint.sum()}, not 1")
    return joint  # (n_x, n_y)


def conditional_entropy(joint):
    joint = _validate(joint)
    p_x = joint.sum(axis=1)  # (n_x,) marginal of the row variable
    return entropy(joint) - entropy(p_x)  # H(Y|X) = H(X,Y) - H(X)


def mutual_information(joint):
    joint = _validate(joint)
    p_x, p_y = joint.sum(axis=1), joint.sum(axis=0)  # (n_x,), (n_y,)
    return entropy(p_x) + entropy(p_y) - entropy(joint)  # I = H(X) + H(Y) - H(X,Y)
