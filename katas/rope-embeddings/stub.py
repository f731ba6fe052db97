import numpy as np


def rope_frequencies(d, base=10000.0):
    """The d/2 rotation frequencies theta_i = base^(-2i/d)."""
    raise NotImplementedError


def apply_rope(x, positions, base=10000.0):
    """x (..., T, d), positions (T,) -> x with pair {{PAIR_STUB}} at position p rotated by p*theta_i."""
    raise NotImplementedError
