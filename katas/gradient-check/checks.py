"""Checks for gradient-check. Trusted: never enters the sandbox.

Expected gradients are the reference's central differences of the same harness function, so
any correct implementation agrees with them to rounding (~1e-10 relative here), while the
one-sided difference is off by h f''/2 (~1e-5 relative on `exp_sum`): rtol 1e-7 separates them.
"""

import numpy as np

from graders.kit import check

from . import harness

RTOL = 1e-7


def _forward(f, x, h):
    x, grad = x.copy(), np.zeros_like(x)
    f0 = f(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        grad[i] = (f(x) - f0) / h
        x[i] = old
    return grad


def _whole_rows(f, x, h):
    """for i in range(len(x)): x[i] += h perturbs a whole row of a matrix at once."""
    x, grad = x.copy(), np.zeros_like(x)
    for i in range(len(x)):
        old = x[i].copy()
        x[i] = old + h
        fp = f(x)
        x[i] = old - h
        fm = f(x)
        x[i] = old
        grad[i] = (fp - fm) / (2 * h)
    return grad


def _grad(t, got, name, x, params, h=None):
    """Compare the candidate's gradient and x-after with the reference's, naming known bugs."""
    got = t.mapping(got, ["grad", "x_after"], "probe result")

    def f(z):
        return harness.FUNCTIONS[name](z, **params)

    step = 1e-5 if h is None else h
    want = harness.gradient_of(t.ref, name, x, params, h)["grad"]
    bugs = {"one-sided (forward) difference (f(x+h) - f(x)) / h instead of central":
            _forward(f, x, step),
            "divided by h instead of 2h": 2 * want}
    if h is not None:
        bugs["the h argument is ignored (default 1e-5 used)"] = \
            harness.gradient_of(t.ref, name, x, params)["grad"]
    if x.ndim > 1:
        bugs["x[i] for i in range(len(x)) perturbs a whole row, not one entry"] = \
            _whole_rows(f, x, step)
    after = got["x_after"]
    if isinstance(after, np.ndarray) and after.shape == x.shape:
        changed = ~np.isclose(after, x, rtol=1e-12, atol=1e-15)
        if changed.any():
            idx = tuple(int(i) for i in np.argwhere(changed)[0])
            t.fail(f"x was changed by numerical_gradient: {int(changed.sum())} of {x.size} entries "
                   f"differ afterwards, first at index {idx} (off by {after[idx] - x[idx]:.3g}); "
                   "restore each entry after perturbing it", bug="x not restored",
                   changed_entries=int(changed.sum()))
    scale = float(np.max(np.abs(want)))
    t.close(got["grad"], want, what=f"numerical_gradient of {name} at x of shape {x.shape}",
            rtol=RTOL, atol=RTOL * scale, bugs=bugs)


@check(points=1, visible=True)
def worked_example(t):
    """The statement's example: the gradient of sum(x**2) at a (2, 2) x, which stays unchanged."""
    x = np.array([[1.0, 2.0], [3.0, -1.0]])
    got = yield t.probe("gradient_of", "sum_squares", x, {})
    _grad(t, got, "sum_squares", x, {})


@check(points=1, visible=True)
def relative_error_example(t):
    """relative_error([1, 0], [3, 0]) = 2 / 4 = 0.5, and 0 for identical arrays."""
    a, b = np.array([1.0, 0.0]), np.array([3.0, 0.0])
    got, same = yield [t.call("relative_error", a, b), t.call("relative_error", a, a)]
    t.close(got, 0.5, what="relative_error([1, 0], [3, 0])",
            bugs={"divided by max(|a|, |b|) instead of |a| + |b|": 2.0 / 3.0,
                  "mean over elements instead of max": 0.25})
    t.close(same, 0.0, what="relative_error(a, a)", atol=1e-15)


@check(points=3)
def central_not_forward(t):
    """exp_sum, whose second derivative is large: only central differences are accurate enough."""
    n = 10
    x = t.rng.uniform(-1, 1, n)
    params = {"w": t.rng.uniform(0.5, 2.0, n), "c": float(t.rng.uniform(2.5, 4.0))}
    got = yield t.probe("gradient_of", "exp_sum", x, params)
    _grad(t, got, "exp_sum", x, params)


@check(points=2)
def uses_h(t):
    """The step h passed in is the one used (h = 1e-3 on exp_sum)."""
    n = 6
    x = t.rng.uniform(-1, 1, n)
    params = {"w": t.rng.uniform(0.5, 2.0, n), "c": float(t.rng.uniform(2.5, 4.0))}
    got = yield t.probe("gradient_of", "exp_sum", x, params, 1e-3)
    _grad(t, got, "exp_sum", x, params, 1e-3)


@check(points=3)
def tensor_input_restored(t):
    """A quadratic form over a (2, 3, 4) x: every entry perturbed, x left exactly as it was."""
    x = t.rng.standard_normal((2, 3, 4))
    m = t.rng.standard_normal((24, 24))
    params = {"A": (m + m.T) / 2, "b": t.rng.standard_normal(24)}
    got = yield t.probe("gradient_of", "quadratic_form", x, params)
    _grad(t, got, "quadratic_form", x, params)


@check(points=3)
def matrix_parameter(t):
    """The gradient of an MLP's loss with respect to a (4, 3) weight matrix."""
    X, v, y = t.rng.standard_normal((8, 4)), t.rng.standard_normal(3), t.rng.standard_normal(8)
    W = 0.5 * t.rng.standard_normal((4, 3))
    params = {"X": X, "v": v, "y": y}
    got = yield t.probe("gradient_of", "mlp_loss", W, params)
    _grad(t, got, "mlp_loss", W, params)


@check(points=2)
def relative_error_random(t):
    """relative_error of two (3, 4) arrays with zeros in both at some positions."""
    a = t.rng.standard_normal((3, 4))
    b = a + 0.1 * t.rng.standard_normal((3, 4)) * np.abs(a)
    a[0, 0] = b[0, 0] = 0.0
    b[2, 1] = -a[2, 1]  # a relative error of exactly 1
    a[1, :] *= 1e-3
    got = yield t.call("relative_error", a, b)
    diff = np.abs(a - b)
    with np.errstate(invalid="ignore", divide="ignore"):
        t.close(got, t.ref.relative_error(a, b), what="relative_error(a, b)", rtol=1e-9, bugs={
            "divided by max(|a|, |b|) instead of |a| + |b|":
                np.nanmax(diff / np.maximum(np.abs(a), np.abs(b))),
            "mean over elements instead of max":
                np.mean(diff / np.maximum(np.abs(a) + np.abs(b), 1e-12)),
            "norm-based ||a - b|| / (||a|| + ||b||) instead of the elementwise max":
                np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b)),
        })


@check(points=1)
def relative_error_zeros(t):
    """Two all-zero gradients have relative error 0, not NaN."""
    z = np.zeros((4, 2))
    got = yield t.call("relative_error", z, z.copy())
    t.close(got, 0.0, what="relative_error(zeros, zeros)", atol=1e-15)
