"""Inverted dropout: scale at training time so that evaluation is the identity."""


def dropout(x, p, training, rng):
    assert 0.0 <= p < 1.0, "p is the probability of dropping a unit"
    if not training or p == 0.0:
        return x
    keep = rng.random(x.shape) >= p  # each unit kept with probability 1 - p
    return x * keep / (1.0 - p)  # E[output] = x
