"""Checks for lr-schedules-convergence. Trusted: never enters the sandbox."""

import numpy as np

from graders import plots
from graders.kit import check

RTOL = 1e-9
KINDS = ("constant", "inverse", "inverse_sqrt", "cosine", "warmup_cosine")


def _spd(rng, n, lo=0.5, hi=8.0):
    q, _ = np.linalg.qr(rng.standard_normal((n, n)))
    lam = rng.uniform(lo, hi, n)
    lam[0], lam[-1] = lo, hi
    return (q * lam) @ q.T


def _schedule_bugs(name, lr0, steps, warmup):
    t = np.arange(steps, dtype=np.float64)
    bugs = {}
    if name == "cosine":
        bugs["cosine over steps - 1 (it must not reach 0 on the last step)"] = \
            lr0 * 0.5 * (1 + np.cos(np.pi * t / (steps - 1)))
    if name == "warmup_cosine":
        decay = lr0 * 0.5 * (1 + np.cos(np.pi * (t - warmup) / (steps - warmup)))
        bugs["warmup ramp starts at 0 (lr0 t / W): the first step does nothing"] = \
            np.where(t < warmup, lr0 * t / warmup, decay)
        bugs["the cosine counts t from 0, not from the end of the warmup"] = \
            np.where(t < warmup, lr0 * (t + 1) / warmup,
                     lr0 * 0.5 * (1 + np.cos(np.pi * t / steps)))
    if name == "inverse":
        bugs["1/t indexed from t = 1 at the second step (lr0 / max(t, 1))"] = \
            lr0 / np.maximum(t, 1.0)
    return bugs


def _factor_bugs(A, lrs):
    lam = np.linalg.eigvalsh(A)
    f = np.abs(1.0 - np.outer(lrs, lam))  # (T, n)
    return {"product of each step's worst factor: an upper bound, not the worst case":
            float(np.prod(f.max(axis=1))),
            "only the largest eigenvalue considered": float(np.prod(f[:, -1])),
            "only the smallest eigenvalue considered": float(np.prod(f[:, 0]))}


def _floor_bugs(A, lr, s2):
    lam = np.linalg.eigvalsh(A)
    return {"small-step approximation lr s2 / (2 lambda), not exact":
            float(np.sum(lr * s2 / (2 * lam))),
            "variance of one direction only (the largest eigenvalue)":
            float(lr * s2 / (lam[-1] * (2 - lr * lam[-1]))),
            "lr^2 s2 / (lambda (2 - lr lambda)): one factor of lr too many":
            float(np.sum(lr ** 2 * s2 / (lam * (2 - lr * lam))))}


def _run_bugs(ref, A, b, x0, lrs, noise):
    xs = [np.asarray(x0, dtype=np.float64)]
    for t, lr in enumerate(lrs):
        xs.append(xs[-1] - lr * (A @ xs[-1] - b) - (0 if noise is None else noise[t]))
    bugs = {"the trajectory leaves out x0": ref.run_schedule(A, b, x0, lrs, noise)[1:]}
    if noise is not None:
        bugs["noise added outside the step (x - lr g - xi), not scaled by lr"] = np.stack(xs)
    return bugs


# -- visible


@check(points=1, visible=True)
def schedule_example(t):
    """The statement's example: warmup_cosine with lr0 = 1, 6 steps, warmup 2."""
    got = yield t.call("lr_schedule", "warmup_cosine", 1.0, 6, 2)
    want = t.ref.lr_schedule("warmup_cosine", 1.0, 6, 2)
    t.note(plot=plots.line("Step sizes", {"yours": np.asarray(got, dtype=float)
                                          if isinstance(got, np.ndarray) else [],
                                          "expected": want}, x_label="step t"))
    t.close(got, want, what="lr_schedule('warmup_cosine', 1.0, 6, 2)", rtol=RTOL,
            bugs=_schedule_bugs("warmup_cosine", 1.0, 6, 2))


@check(points=1, visible=True)
def quadratic_examples(t):
    """The statement's examples on A = diag(1, 10): two GD steps, a worst-case factor, a floor."""
    A = np.diag([1.0, 10.0])
    run, factor, floor = yield [t.call("run_schedule", A, np.zeros(2), np.ones(2), [0.1, 0.1]),
                                t.call("worst_case_factor", A, [0.19, 0.01]),
                                t.call("sgd_noise_floor", A, 0.1, 1.0)]
    t.close(run, t.ref.run_schedule(A, np.zeros(2), np.ones(2), [0.1, 0.1]),
            what="run_schedule", rtol=RTOL)
    t.close(factor, 0.81, what="worst_case_factor(A, [0.19, 0.01])", rtol=RTOL,
            bugs=_factor_bugs(A, [0.19, 0.01]))
    t.close(floor, t.ref.sgd_noise_floor(A, 0.1, 1.0), what="sgd_noise_floor(A, 0.1, 1.0)",
            rtol=RTOL, bugs=_floor_bugs(A, 0.1, 1.0))


# -- hidden


@check(points=3)
def every_schedule(t):
    """All five schedules for a random lr0 and 20 to 60 steps (warmup 3 to 9), and 6 steps."""
    cases = []
    for steps in (int(t.rng.integers(20, 61)), 6):
        lr0, warmup = float(t.rng.uniform(0.05, 2.0)), int(t.rng.integers(3, 10)) % (steps - 1) + 1
        cases += [(k, lr0, steps, warmup if k == "warmup_cosine" else 0) for k in KINDS]
    got = yield [t.call("lr_schedule", *c) for c in cases]
    for c, g in zip(cases, got, strict=True):
        t.close(g, t.ref.lr_schedule(*c), what=f"lr_schedule{c}", rtol=RTOL,
                bugs=_schedule_bugs(*c))


@check(points=2)
def gd_and_sgd_iterates(t):
    """GD and SGD (given noise) iterates on a random 4-d quadratic with a cosine schedule."""
    A, b, x0 = _spd(t.rng, 4), t.rng.standard_normal(4), t.rng.standard_normal(4)
    lrs = t.ref.lr_schedule("cosine", 0.2, 15)
    noise = 0.3 * t.rng.standard_normal((15, 4))
    got = yield [t.call("run_schedule", A, b, x0, lrs),
                 t.call("run_schedule", A, b, x0, lrs, noise)]
    for nz, g in zip((None, noise), got, strict=True):
        t.close(g, t.ref.run_schedule(A, b, x0, lrs, nz), rtol=RTOL, atol=1e-12,
                what="run_schedule " + ("without" if nz is None else "with") + " noise",
                bugs=_run_bugs(t.ref, A, b, x0, lrs, nz))


@check(points=3)
def worst_case_factor_is_exact(t):
    """The fixed case A = diag(1, 10), steps (0.19, 0.01), where each step's worst direction
    differs; then a random 5-d A with each schedule, and GD from the worst starting point
    shrinks the error by exactly that factor."""
    A = _spd(t.rng, 5)
    lam, Q = np.linalg.eigh(A)
    cases = [(np.diag([1.0, 10.0]), np.array([0.19, 0.01]))]
    cases += [(A, t.ref.lr_schedule(k, 0.2, 12, 3 if k == "warmup_cosine" else 0)) for k in KINDS]
    lrs = cases[-1][1]
    worst = Q[:, int(np.argmax(np.prod(np.abs(1 - np.outer(lrs, lam)), axis=0)))]
    b, x0 = A @ np.ones(5), np.ones(5) + worst  # x* = (1, ..., 1), e_0 the worst direction
    *got, run = yield [t.call("worst_case_factor", M, s) for M, s in cases] + [
        t.call("run_schedule", A, b, x0, lrs)]
    for (M, s), g in zip(cases, got, strict=True):
        t.close(g, t.ref.worst_case_factor(M, s), what="worst_case_factor", rtol=RTOL,
                bugs=_factor_bugs(M, s))
    t.close(run, t.ref.run_schedule(A, b, x0, lrs), what="run_schedule from the worst starting "
            "point", rtol=RTOL, atol=1e-12)
    measured = np.linalg.norm(np.asarray(run)[-1] - 1.0) / np.linalg.norm(worst)
    t.note(predicted_factor=float(got[-1]), measured_factor=float(measured))


@check(points=3)
def noise_floor_is_exact(t):
    """A = diag(1, 10) at lr 0.15 (lr lambda = 1.5: far from small steps), a random 4-d A,
    and an unstable step (lr lambda_max >= 2) that must give inf."""
    A = _spd(t.rng, 4)
    lr, s2 = float(t.rng.uniform(0.05, 0.2)), float(t.rng.uniform(0.1, 2.0))
    cases = [(np.diag([1.0, 10.0]), 0.15, 1.0), (A, lr, s2)]
    got = yield [t.call("sgd_noise_floor", *c) for c in cases] + [
        t.call("sgd_noise_floor", A, 2.5 / 8.0, s2)]
    for c, g in zip(cases, got[:2], strict=True):
        t.close(g, t.ref.sgd_noise_floor(*c), what=f"sgd_noise_floor at lr {c[1]:.4g}",
                rtol=RTOL, bugs=_floor_bugs(*c))
    unstable = got[-1]
    t.expect(isinstance(unstable, float | np.floating) and np.isposinf(unstable),
             f"sgd_noise_floor with lr * lambda_max = 2.5 returned {unstable!r}; the error grows "
             "without bound there, so the answer is float('inf')",
             bug="no inf for an unstable step")
