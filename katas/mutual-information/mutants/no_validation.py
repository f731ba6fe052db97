import numpy as np


def entropy(p):
    p = np.asarray(p, dtype=float).ravel()
    p = p[p > 0]
    return float(-np.sum(p * np.log(p)))


def conditional_entropy(joint):
    joint = np.asarray(joint, dtype=float)  # BUG: invalid tables are not rejected
    return entropy(joint) - entropy(joint.sum(-1))


def mutual_information(joint):
    joint = np.asarray(joint, dtype=float)
    return entropy(joint.sum(-1)) + entropy(joint.sum(0)) - entropy(joint)
