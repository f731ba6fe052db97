import numpy as np


def softmax(x):
    """Softmax over the last axis, stable for large logits."""
    raise NotImplementedError


def attention(q, k, v):
    """Scaled dot-product attention: return (out, weights)."""
    raise NotImplementedError
