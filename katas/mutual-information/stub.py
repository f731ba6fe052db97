import numpy as np


def entropy(p):
    """-sum p log p in {{UNIT}} over all entries of p, with 0 log 0 = 0."""
    raise NotImplementedError


def conditional_entropy(joint):
    """H(Y | X) in {{UNIT}} for joint[i, j] = P(X=i, Y=j); ValueError for an invalid table."""
    raise NotImplementedError


def mutual_information(joint):
    """I(X; Y) in {{UNIT}} for joint[i, j] = P(X=i, Y=j); ValueError for an invalid table."""
    raise NotImplementedError
