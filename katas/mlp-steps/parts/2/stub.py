def mlp_backward(x, y, W1, b1, W2, b2):
    """Gradients of the mean cross-entropy: {"W1": ..., "b1": ..., "W2": ..., "b2": ...}."""
    raise NotImplementedError
