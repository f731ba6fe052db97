# kata: attention-numpy
# bug: sqrt\(d_v\)
import numpy as np


def softmax(x, axis=-1):
    x = np.asarray(x, dtype=float)
    ex = np.exp(x - x.max(axis=axis, keepdims=True))
    return ex / ex.sum(axis=axis, keepdims=True)


def scaled_dot_product_attention(q, k, v, mask=None):
    dv = v.shape[-1]
    s = np.einsum("...qd,...kd->...qk", q, k) * dv ** -0.5
    if mask is not None:
        s = np.where(mask, s, -np.inf)
        m = np.max(s, axis=-1, keepdims=True)
        m[~np.isfinite(m)] = 0
        e = np.exp(s - m) * np.broadcast_to(mask, s.shape)
        z = e.sum(-1, keepdims=True)
        w = np.where(z > 0, e / np.where(z > 0, z, 1), 0.0)
        return w @ v, w
    w = softmax(s)
    return w @ v, w
