import numpy as np


def multi_head_attention(x, Wq, Wk, Wv, Wo, n_heads, causal=False):
    """Multi-head self-attention of x (B, T, C); returns (B, T, C)."""
    raise NotImplementedError
