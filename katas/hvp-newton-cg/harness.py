"""Public harness for hvp-newton-cg: the loss functions the checks use, and probes that call
your functions on them and count the work done. Nothing here knows the expected answers.

Every loss maps a float64 parameter vector w of shape (n,) to a scalar tensor:
- "quadratic": data (A, b), loss = 1/2 w^T A w - b^T w (A symmetric)
- "quartic":   data (a,),   loss = sum_i a_i w_i^4 / 4 + 1/2 |w|^2
- "logistic":  data (X, y, l2), loss = mean_i [log(1 + e^{x_i.w}) - y_i x_i.w] + l2/2 |w|^2
- "tanh_net":  data (X, y, hidden), w packs (W1 (hidden, d), b1 (hidden,), W2 (hidden,), b2),
               loss = mean_i (W2 . tanh(W1 x_i + b1) + b2 - y_i)^2
"""

import torch
import torch.nn.functional as F


def make_loss(family, data):
    """The loss function of this family on this data (float64 tensors)."""
    data = [torch.as_tensor(d, dtype=torch.float64) for d in data]
    if family == "quadratic":
        A, b = data
        return lambda w: 0.5 * w @ A @ w - b @ w
    if family == "quartic":
        (a,) = data
        return lambda w: (a * w ** 4).sum() / 4 + 0.5 * (w @ w)
    if family == "logistic":
        X, y, l2 = data
        return lambda w: (F.softplus(X @ w) - y * (X @ w)).mean() + 0.5 * l2 * (w @ w)
    if family == "tanh_net":
        X, y, hidden = data
        h, d = int(hidden), X.shape[1]

        def loss(w):
            W1, b1 = w[:h * d].reshape(h, d), w[h * d:h * d + h]
            W2, b2 = w[h * d + h:h * d + 2 * h], w[-1]
            return ((torch.tanh(X @ W1.T + b1) @ W2 + b2 - y) ** 2).mean()
        return loss
    raise ValueError(f"unknown loss family {family!r}")


class Counted:
    """A function that counts its calls."""

    def __init__(self, fn):
        self.fn, self.calls = fn, 0

    def __call__(self, x):
        self.calls += 1
        return self.fn(x)


def run_hvp(solution, family, data, w, v):
    """Your hvp(loss_fn, w, v) on one of the losses above."""
    loss = Counted(make_loss(family, data))
    hv = solution.hvp(loss, torch.as_tensor(w), torch.as_tensor(v))
    return {"hv": hv, "loss_calls": loss.calls}


def run_cg(solution, A, b, iters, tol):
    """Your conjugate_gradient with matvec x -> A x, counting the products."""
    A = torch.as_tensor(A)
    matvec = Counted(lambda x: A @ x)
    x = solution.conjugate_gradient(matvec, torch.as_tensor(b), iters, tol)
    return {"x": x, "matvecs": matvec.calls}


def run_newton(solution, family, data, w, damping, cg_iters):
    """Your newton_cg_step on one of the losses above."""
    loss = Counted(make_loss(family, data))
    new_w = solution.newton_cg_step(loss, torch.as_tensor(w), damping, cg_iters)
    return {"w": new_w, "loss_calls": loss.calls}
