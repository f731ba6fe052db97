"""Checks for adam-optimizer. Trusted: never enters the sandbox."""

import numpy as np

from graders.kit import check

from . import harness


def _variant(p0, grads, lr, betas, eps, *, t0=1, correct=True, eps_inside=False,
             swap=False, square=True):
    """The trajectory (T+1, ...) a (possibly buggy) Adam produces, to name a mistake by."""
    b1, b2 = betas[::-1] if swap else betas
    p, m, v = np.array(p0, dtype=np.float64), 0.0, 0.0
    out = [p.copy()]
    with np.errstate(all="ignore"):
        for i, g in enumerate(grads):
            t = i + t0
            m = b1 * m + (1 - b1) * g
            v = b2 * v + (1 - b2) * (g**2 if square else g)
            m_hat = m / (1 - b1**t) if correct else m
            v_hat = v / (1 - b2**t) if correct else v
            denom = np.sqrt(v_hat + eps) if eps_inside else np.sqrt(v_hat) + eps
            p = p - lr * m_hat / denom
            out.append(p.copy())
    return np.stack(out)


def _bugs(p0, grads, lr, betas, eps):
    run = lambda **kw: _variant(p0, grads, lr, betas, eps, **kw)  # noqa: E731
    return {
        "no bias correction (m and v used without dividing by 1 - beta^t)": run(correct=False),
        "step count starts at 0: the first bias correction divides by 1 - beta^0 = 0": run(t0=0),
        "step count off by one (t = 2 on the first step)": run(t0=2),
        "eps added inside the square root, sqrt(v_hat + eps), instead of sqrt(v_hat) + eps":
            run(eps_inside=True),
        "beta1 and beta2 swapped": run(swap=True),
        "v averages the gradient instead of its square": run(square=False),
    }


def _matches(got, alt):
    g, a = np.asarray(got, dtype=np.float64), np.asarray(alt, dtype=np.float64)
    return g.shape == a.shape and bool(np.allclose(g, a, rtol=1e-4, atol=1e-7, equal_nan=True))


def _compare(t, got, params, grads, lr, betas, eps):
    """Compare the candidate's trajectories with the reference's, naming a known bug."""
    got = t.mapping(got, list(params), "trajectory")
    want = harness.adam_trajectory(t.ref, params, grads, lr, betas, eps)
    for k in params:
        traj = got[k]
        if isinstance(traj, np.ndarray) and traj.shape == want[k].shape:
            t.expect(not np.all(traj[1:] == traj[0]),
                     f"params[{k!r}] never changed: step() must update the arrays in params in "
                     "place (p -= ..., p[...] = ...), not rebind them",
                     bug="parameters not updated in place")
            for name, alt in _bugs(params[k], grads[k], lr, betas, eps).items():
                if _matches(traj, alt) and not _matches(traj, want[k]):
                    bad = ~np.isclose(traj, want[k], rtol=1e-4, atol=1e-7)
                    first = int(np.argwhere(bad)[0][0])
                    t.fail(f"params[{k!r}] after each step: wrong from step {first} on "
                           f"— looks like: {name}", bug=name, first_wrong_step=first)
        t.close(traj, want[k], what=f"params[{k!r}] after each step (axis 0 = step)",
                rtol=1e-5, atol=1e-9)


@check(points=1, visible=True)
def worked_example(t):
    """The statement's example: one step with lr=0.1 moves each coordinate by about 0.1."""
    params = {"w": np.array([1.0, -2.0])}
    grads = {"w": np.array([[3.0, -0.5]])}
    got = yield t.probe("adam_trajectory", params, grads, 0.1)
    _compare(t, got, params, grads, 0.1, (0.9, 0.999), 1e-8)


@check(points=1, visible=True)
def three_steps(t):
    """Three steps on a (2, 2) weight and a (2,) bias with default hyperparameters."""
    params = {"W": np.array([[0.5, -1.0], [2.0, 0.0]]), "b": np.array([0.1, -0.1])}
    grads = {"W": np.array([[[1.0, 2.0], [-1.0, 0.5]], [[0.5, 0.5], [0.5, 0.5]],
                            [[-2.0, 0.0], [1.0, -1.0]]]),
             "b": np.array([[1.0, -1.0], [0.1, 0.2], [0.0, -3.0]])}
    got = yield t.probe("adam_trajectory", params, grads)
    _compare(t, got, params, grads, 1e-3, (0.9, 0.999), 1e-8)


@check(points=3)
def random_trajectory(t):
    """40 steps on several parameter shapes with random gradients and custom betas."""
    shapes = {"W1": (4, 3), "b1": (3,), "W2": (2, 3, 2)}
    params = {k: t.rng.standard_normal(s) for k, s in shapes.items()}
    grads = {k: t.rng.standard_normal((40, *s)) * t.rng.uniform(0.1, 3.0)
             for k, s in shapes.items()}
    lr, betas, eps = float(t.rng.uniform(0.005, 0.05)), (0.8, 0.99), 1e-8
    got = yield t.probe("adam_trajectory", params, grads, lr, betas, eps)
    _compare(t, got, params, grads, lr, betas, eps)


@check(points=2)
def small_gradients_and_eps(t):
    """Gradients of size ~1e-4 with eps = 1e-3, where where-eps-goes matters."""
    params = {"w": t.rng.standard_normal((5,))}
    grads = {"w": 1e-4 * t.rng.standard_normal((15, 5))}
    lr, betas, eps = 0.01, (0.9, 0.999), 1e-3
    got = yield t.probe("adam_trajectory", params, grads, lr, betas, eps)
    _compare(t, got, params, grads, lr, betas, eps)


@check(points=2)
def float32_params(t):
    """float32 parameters stay float32 and follow the float64 trajectory to float32 precision."""
    params = {"w": t.rng.standard_normal((3, 4)).astype(np.float32)}
    grads = {"w": t.rng.standard_normal((10, 3, 4)).astype(np.float32)}
    got = yield t.probe("adam_trajectory", params, grads, 0.01)
    traj = t.mapping(got, ["w"], "trajectory")["w"]
    t.expect(getattr(traj, "dtype", None) == np.float32,
             f"params['w'] has dtype {getattr(traj, 'dtype', type(traj).__name__)} after step(); "
             "update the float32 array in place and keep its dtype", bug="dtype changed")
    _compare(t, got, params, grads, 0.01, (0.9, 0.999), 1e-8)


@check(points=2)
def minimises_badly_scaled_quadratic(t):
    """Adam (lr=0.05, 600 steps) brings f(x) = 1/2 sum_i s_i (x_i - c_i)^2 with s_i in
    [0.01, 100] below 1e-4 of its start. Deterministic given the inputs; the reference
    reaches < 1e-20 of the start on 300 of 300 seeds tried, so a correct Adam never fails it."""
    n = 6
    scales = np.exp(t.rng.uniform(np.log(0.01), np.log(100.0), n))
    centre, x0 = t.rng.uniform(-2, 2, n), t.rng.uniform(-2, 2, n)
    got = yield t.probe("adam_minimise", x0, scales, centre, 0.05, 600)
    want = harness.adam_minimise(t.ref, x0, scales, centre, 0.05, 600)
    t.expect(isinstance(got, np.ndarray) and got.shape == want.shape,
             f"losses: expected an array of shape {want.shape}", bug="wrong return structure")
    t.expect(np.all(np.isfinite(got)), "the loss became NaN/Inf while minimising",
             bug="non-finite values")
    t.note(start_loss=float(got[0]), final_loss=float(got[-1]))
    t.expect(got[-1] < 1e-4 * got[0],
             f"after 600 steps the loss is {got[-1]:.3g}, from {got[0]:.3g} at the start: Adam "
             "should bring it below 1e-4 of that", bug="does not minimise")
