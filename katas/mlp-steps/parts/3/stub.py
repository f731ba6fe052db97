def sgd_step(params, x, y, lr):
    """One SGD step: ({"W1", "b1", "W2", "b2"} updated, the loss before the step)."""
    raise NotImplementedError
