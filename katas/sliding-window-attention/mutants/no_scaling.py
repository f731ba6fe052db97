"""Mutant."""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def _sliding_window_attention(q, k, v, window):
    T, d = q.shape[-2:]
    assert k.shape[-2] == v.shape[-2] == T and window >= 1
    pad = [(0, 0)] * (k.ndim - 2) + [(window - 1, 0), (0, 0)]  # window - 1 dummy keys in front
    k_win = sliding_window_view(np.pad(k, pad), window, axis=-2)  # (..., T, d, window), a view
    v_win = sliding_window_view(np.pad(v, pad), window, axis=-2)  # (..., T, dv, window)
    scores = np.einsum("...td,...tdw->...tw", q, k_win)  # BUG: no 1/sqrt(d)  # (..., T, window)
    key_pos = np.arange(T)[:, None] - (window - 1) + np.arange(window)  # (T, window)
    scores = np.where(key_pos >= 0, scores, -np.inf)  # the dummy keys are not real positions
    w = np.exp(scores - scores.max(axis=-1, keepdims=True))
    w = w / w.sum(axis=-1, keepdims=True)
    return np.einsum("...tw,...tdw->...td", w, v_win)  # (..., T, dv)


# The kata's variant (kata.toml [variants]) says whether `window` counts the query itself.
WINDOW = "with_self"  # or "before_self": the query and `window` keys before it


def sliding_window_attention(q, k, v, window):
    keys = window if WINDOW == "with_self" else window + 1  # keys seen, the query's own included
    return _sliding_window_attention(q, k, v, keys)
