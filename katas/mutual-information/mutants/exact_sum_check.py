import numpy as np


def entropy(p):
    p = np.asarray(p, dtype=float).ravel()
    p = p[p > 0]
    return float(-np.sum(p * np.log(p)))


def _check(joint):
    joint = np.asarray(joint, dtype=float)
    if joint.ndim != 2 or (joint < 0).any() or joint.sum() != 1.0:  # BUG: no tolerance
        raise ValueError("invalid joint")
    return joint


def conditional_entropy(joint):
    joint = _check(joint)
    return entropy(joint) - entropy(joint.sum(1))


def mutual_information(joint):
    joint = _check(joint)
    return entropy(joint.sum(1)) + entropy(joint.sum(0)) - entropy(joint)
