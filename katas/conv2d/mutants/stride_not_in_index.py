import numpy as np


def conv2d(x, w, b, stride=1, padding=0):
    assert x.shape[1] == w.shape[1], "w's input channels must match x's channels"
    N, C, H, W = x.shape
    F, _, kH, kW = w.shape
    assert stride >= 1 and padding >= 0
    x = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))  # zeros on H, W only
    H_out = (H + 2 * padding - kH) // stride + 1
    W_out = (W + 2 * padding - kW) // stride + 1
    out = np.zeros((N, F, H_out, W_out))
    for i in range(H_out):
        for j in range(W_out):
            r, c = i, j  # BUG: the output size uses the stride but the window start does not
            patch = x[:, :, r:r + kH, c:c + kW]  # (N, C, kH, kW)
            out[:, :, i, j] = np.einsum("nchw,fchw->nf", patch, w)  # no kernel flip
    if b is not None:
        out += b.reshape(1, F, 1, 1)  # one bias per output channel
    return out  # (N, F, H_out, W_out)
