# kata: backprop-mlp
# bug: bias gradient averaged|bias
import numpy as np


def relu(x):
    return x * (x > 0)


def forward(x, params):
    a = x @ params["W1"] + params["b1"]
    h = relu(a)
    return h @ params["W2"] + params["b2"], (x, a, h)


def softmax_cross_entropy(logits, y):
    n = logits.shape[0]
    z = logits - logits.max(1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(1, keepdims=True))
    d = np.exp(logp)
    d[np.arange(n), y] -= 1
    return -logp[np.arange(n), y].mean(), d / n


def backward(dlogits, cache, params):
    x, a, h = cache
    dh = dlogits @ params["W2"].T
    da = dh * (a > 0)
    return {"W2": h.T @ dlogits, "b2": dlogits.mean(0), "W1": x.T @ da, "b1": da.mean(0)}
