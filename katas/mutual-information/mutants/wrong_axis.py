import numpy as np


def _entropy(p):
    p = np.asarray(p, dtype=float).ravel()
    p = p[p > 0]
    return float(-np.sum(p * np.log(p)))


def _check(joint):
    joint = np.asarray(joint, dtype=float)
    if joint.ndim != 2 or (joint < 0).any() or abs(joint.sum() - 1) > 1e-6:
        raise ValueError("invalid joint")
    return joint


def _conditional_entropy(joint):
    joint = _check(joint)
    return _entropy(joint) - _entropy(joint.sum(0))  # BUG: p(y), so this is H(X|Y)


def _mutual_information(joint):
    joint = _check(joint)
    return _entropy(joint.sum(1)) + _entropy(joint.sum(0)) - _entropy(joint)


# The kata's variant (kata.toml [variants]) says the unit; the functions above work in nats.
UNIT = "nats"  # or "bits"


def _in_unit(nats):
    return nats if UNIT == "nats" else nats / np.log(2.0)


def entropy(p):
    return _in_unit(_entropy(p))


def conditional_entropy(joint):
    return _in_unit(_conditional_entropy(joint))


def mutual_information(joint):
    return _in_unit(_mutual_information(joint))
