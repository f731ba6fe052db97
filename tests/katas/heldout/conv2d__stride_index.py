# kata: conv2d
# bug: stride|window start
import numpy as np


def conv2d(x, w, b, stride=1, padding=0):
    N, C, H, W = x.shape
    F, _, kh, kw = w.shape
    xp = np.zeros((N, C, H + 2 * padding, W + 2 * padding))
    xp[:, :, padding:padding + H, padding:padding + W] = x
    Ho = (H + 2 * padding - kh) // stride + 1
    Wo = (W + 2 * padding - kw) // stride + 1
    y = np.empty((N, F, Ho, Wo))
    for f in range(F):
        for r in range(Ho):
            for c in range(Wo):
                y[:, f, r, c] = (xp[:, :, r:r + kh, c:c + kw] * w[f]).sum(axis=(1, 2, 3))
    if b is not None:
        y += b[None, :, None, None]
    return y
