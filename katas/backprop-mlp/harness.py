"""Public probes for backprop-mlp: the cache never leaves the box, only plain results do."""


def _forward(solution, x, params):
    out = solution.forward(x, params)
    if not isinstance(out, tuple | list) or len(out) != 2:
        raise TypeError(f"forward must return (logits, cache), got {type(out).__name__}"
                        + (f" of length {len(out)}" if isinstance(out, tuple | list) else ""))
    return out


def forward_logits(solution, x, params):
    """forward(x, params) and return only the logits."""
    return _forward(solution, x, params)[0]


def backward_from(solution, x, params, dlogits):
    """forward(x, params), then backward(dlogits, cache, params): the gradients."""
    _, cache = _forward(solution, x, params)
    return solution.backward(dlogits, cache, params)


def loss_and_grads(solution, x, y, params):
    """The whole chain: forward, softmax_cross_entropy, backward."""
    logits, cache = _forward(solution, x, params)
    out = solution.softmax_cross_entropy(logits, y)
    if not isinstance(out, tuple | list) or len(out) != 2:
        raise TypeError("softmax_cross_entropy must return (loss, dlogits)")
    loss, dlogits = out
    return {"loss": loss, "grads": solution.backward(dlogits, cache, params)}
