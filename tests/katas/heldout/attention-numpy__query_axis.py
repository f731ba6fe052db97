# kata: attention-numpy
# bug: quer
import numpy as np


def softmax(x, axis=-1):
    x = np.asarray(x, dtype=float)
    ex = np.exp(x - x.max(axis=axis, keepdims=True))
    return ex / ex.sum(axis=axis, keepdims=True)


def scaled_dot_product_attention(q, k, v, mask=None):
    s = np.matmul(q, np.moveaxis(k, -1, -2)) / np.sqrt(q.shape[-1])
    if mask is not None:
        s = np.where(mask, s, -1e30)
    w = softmax(s, axis=-2)
    return w @ v, w
