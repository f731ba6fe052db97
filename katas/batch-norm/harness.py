"""Public probes for batch-norm: drive the candidate's BatchNorm1d through a schedule of steps.

Runs inside the box and returns only arrays.
"""

import numpy as np


def _stats(bn):
    return np.array(bn.running_mean, copy=True), np.array(bn.running_var, copy=True)


def initial_state(solution, num_features, **kwargs):
    """gamma, beta and the running statistics of a fresh BatchNorm1d."""
    bn = solution.BatchNorm1d(num_features, **kwargs)
    return {"gamma": np.array(bn.gamma, copy=True), "beta": np.array(bn.beta, copy=True),
            "running_mean": _stats(bn)[0], "running_var": _stats(bn)[1]}


def run_steps(solution, num_features, momentum, eps, gamma, beta, xs, training):
    """Set gamma and beta, then call forward(xs[i], training=training[i]) in order.

    Returns each step's output and the running statistics after it.
    """
    bn = solution.BatchNorm1d(num_features, momentum=momentum, eps=eps)
    bn.gamma, bn.beta = gamma.copy(), beta.copy()
    out = {"outputs": [], "running_mean": [], "running_var": []}
    for x, train in zip(xs, training, strict=True):
        y = bn.forward(x.copy(), training=train)
        out["outputs"].append(np.array(y, copy=True) if isinstance(y, np.ndarray) else y)
        mean, var = _stats(bn)
        out["running_mean"].append(mean)
        out["running_var"].append(var)
    return out
