# kata: conv2d
# bug: flip
import numpy as np


def conv2d(x, w, b, stride=1, padding=0):
    N, C, H, W = x.shape
    F, _, kh, kw = w.shape
    xp = np.pad(x, [(0, 0), (0, 0), (padding, padding), (padding, padding)])
    k = np.flip(w, axis=(2, 3))
    Ho = (H + 2 * padding - kh) // stride + 1
    Wo = (W + 2 * padding - kw) // stride + 1
    y = np.empty((N, F, Ho, Wo))
    for r in range(Ho):
        for c in range(Wo):
            win = xp[:, :, r * stride:r * stride + kh, c * stride:c * stride + kw]
            y[:, :, r, c] = np.tensordot(win, k, axes=([1, 2, 3], [1, 2, 3]))
    if b is not None:
        y += b[None, :, None, None]
    return y
