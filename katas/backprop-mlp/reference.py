"""A two-layer MLP with softmax cross-entropy, forward and backward by hand."""

import numpy as np


def relu(x):
    return np.maximum(x, 0.0)


def forward(x, params):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    assert x.ndim == 2 and x.shape[1] == W1.shape[0], "x must be (N, D)"
    a = x @ W1 + b1          # (N, H) pre-activation
    h = relu(a)              # (N, H)
    logits = h @ W2 + b2     # (N, C)
    return logits, (x, a, h)


def softmax_cross_entropy(logits, y):
    N = logits.shape[0]
    assert y.shape == (N,), "y must be (N,) integer labels"
    z = logits - logits.max(axis=1, keepdims=True)           # shift: exp never overflows
    log_probs = z - np.log(np.exp(z).sum(axis=1, keepdims=True))  # (N, C)
    loss = -log_probs[np.arange(N), y].mean()
    dlogits = np.exp(log_probs)                               # softmax, (N, C)
    dlogits[np.arange(N), y] -= 1.0
    return float(loss), dlogits / N                           # gradient of the MEAN loss


def backward(dlogits, cache, params):
    x, a, h = cache
    dW2 = h.T @ dlogits              # (H, C)
    db2 = dlogits.sum(axis=0)        # (C,)  the bias is shared by every row
    dh = dlogits @ params["W2"].T    # (N, H)
    da = dh * (a > 0)                # (N, H) relu'(a), taken as 0 at a = 0
    dW1 = x.T @ da                   # (D, H)
    db1 = da.sum(axis=0)             # (H,)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
