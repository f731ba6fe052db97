"""conv2d written differently: im2col with sliding_window_view, one einsum, float32, and a
strided slice of the stride-1 windows."""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def conv2d(x, w, b, stride=1, padding=0):
    x = np.asarray(x, dtype=np.float32)
    w = np.asarray(w, dtype=np.float32)
    if padding:
        x = np.pad(x, [(0, 0), (0, 0), (padding, padding), (padding, padding)])
    windows = sliding_window_view(x, w.shape[2:], axis=(2, 3))  # (N, C, H', W', kH, kW)
    windows = windows[:, :, ::stride, ::stride]
    y = np.einsum("ncijuv,fcuv->nfij", windows, w, optimize=True)
    return y if b is None else y + np.asarray(b, dtype=np.float32)[:, None, None]
