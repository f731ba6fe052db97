"""mutual-information written differently: the KL form of I, explicit loops, float32, no masks."""

import math

import numpy as np


def _plogp(x):
    return x * math.log(x) if x > 0 else 0.0


def _entropy(p):
    return -sum(_plogp(float(x)) for x in np.asarray(p).reshape(-1))


def _table(joint):
    joint = np.asarray(joint)
    if joint.ndim != 2:
        raise ValueError("need a 2-D joint table")
    if joint.min() < 0 or not math.isclose(float(joint.sum()), 1.0, abs_tol=1e-6):
        raise ValueError("not a probability table")
    return joint.astype(np.float32)


def _conditional_entropy(joint):
    joint = _table(joint)
    h = 0.0
    for row in joint:
        px = float(row.sum())
        h += sum(-float(pxy) * math.log(float(pxy) / px) for pxy in row if pxy > 0)
    return np.float32(h)


def _mutual_information(joint):
    joint = _table(joint)
    px, py = joint.sum(axis=1), joint.sum(axis=0)
    total = 0.0
    for i, j in zip(*np.nonzero(joint), strict=True):
        total += float(joint[i, j]) * math.log(float(joint[i, j]) / (float(px[i]) * float(py[j])))
    return total


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
