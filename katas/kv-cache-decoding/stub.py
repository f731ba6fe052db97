import numpy as np


def causal_self_attention(x, Wq, Wk, Wv, Wo, n_heads):
    """x (B, T, D) -> (B, T, D): causal multi-head self-attention over the whole sequence."""
    raise NotImplementedError


def decode_step(x_new, cache, Wq, Wk, Wv, Wo, n_heads):
    """x_new (B, S, D), cache None or (k, v) each (B, H, t, D // H) -> (y (B, S, D), (k, v))."""
    raise NotImplementedError
