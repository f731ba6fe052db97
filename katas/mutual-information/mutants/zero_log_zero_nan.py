import numpy as np


def entropy(p):
    p = np.asarray(p, dtype=float)
    return float(-np.sum(p * np.log(p)))  # BUG: 0 * log 0 = NaN


def _check(joint):
    joint = np.asarray(joint, dtype=float)
    if joint.ndim != 2 or (joint < 0).any() or abs(joint.sum() - 1) > 1e-6:
        raise ValueError("invalid joint")
    return joint


def conditional_entropy(joint):
    joint = _check(joint)
    return entropy(joint) - entropy(joint.sum(1))


def mutual_information(joint):
    joint = _check(joint)
    px, py = joint.sum(1, keepdims=True), joint.sum(0, keepdims=True)
    return float(np.sum(joint * np.log(joint / (px * py))))  # BUG: NaN where joint == 0
