import numpy as np


def conv2d(x, w, b, stride=1, padding=0):
    N, C, H, W = x.shape
    F, _, kH, kW = w.shape
    x = np.pad(x, ((0, 0), (0, 0), (0, padding), (0, padding)))  # BUG: zeros on one side only
    H_out = (H + padding - kH) // stride + 1
    W_out = (W + padding - kW) // stride + 1
    out = np.zeros((N, F, H_out, W_out))
    for i in range(H_out):
        for j in range(W_out):
            patch = x[:, :, i * stride:i * stride + kH, j * stride:j * stride + kW]
            out[:, :, i, j] = np.einsum("nchw,fchw->nf", patch, w)
    if b is not None:
        out += b[None, :, None, None]
    return out
