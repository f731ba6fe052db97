# kata: conv2d
# bug: height axis only|padding
import numpy as np


def conv2d(x, w, b, stride=1, padding=0):
    N, C, H, W = x.shape
    F, _, kh, kw = w.shape
    xp = np.zeros((N, C, H + 2 * padding, W))
    xp[:, :, padding:padding + H, :] = x
    Ho = (H + 2 * padding - kh) // stride + 1
    Wo = (W - kw) // stride + 1
    y = np.empty((N, F, Ho, Wo))
    for r in range(Ho):
        for c in range(Wo):
            win = xp[:, :, r * stride:r * stride + kh, c * stride:c * stride + kw]
            y[:, :, r, c] = np.tensordot(win, w, axes=([1, 2, 3], [1, 2, 3]))
    if b is not None:
        y += b[None, :, None, None]
    return y
