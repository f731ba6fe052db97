"""Checks for hvp-newton-cg. Trusted: never enters the sandbox.

The exact Hessian of each (small) loss is computed here with torch.autograd.functional, and
every answer is compared with dense linear algebra on it.
"""

import numpy as np
import torch

from graders.kit import check

from . import harness

HVP_RTOL, CG_RTOL = 1e-8, 1e-7


def _spd(rng, n, cond):
    q, _ = np.linalg.qr(rng.standard_normal((n, n)))
    lam = np.exp(rng.uniform(0, np.log(cond), n))
    lam[0], lam[-1] = 1.0, cond
    return (q * lam) @ q.T


def _losses(rng):
    """(family, data, w) for a logistic regression and a small tanh network, n = 6 and 13."""
    X = rng.standard_normal((40, 6))
    y = (rng.random(40) < 1 / (1 + np.exp(-X @ rng.standard_normal(6)))).astype(np.float64)
    Xn = rng.standard_normal((30, 2))
    yn = np.sin(Xn[:, 0]) * Xn[:, 1]
    return [("logistic", [X, y, 0.01], rng.standard_normal(6)),
            ("tanh_net", [Xn, yn, 3.0], rng.standard_normal(13))]


def _hessian_and_grad(family, data, w):
    loss = harness.make_loss(family, data)
    w = torch.as_tensor(w, dtype=torch.float64)
    H = torch.autograd.functional.hessian(loss, w)
    wg = w.clone().requires_grad_(True)
    (g,) = torch.autograd.grad(loss(wg), wg)
    return H.numpy(), g.numpy()


def _t(x):
    return torch.as_tensor(np.asarray(x, dtype=np.float64))


def _tensor_out(t, got, n, what):
    t.expect(isinstance(got, torch.Tensor), f"{what}: expected a torch.Tensor",
             bug="wrong return type")
    t.expect(not got.requires_grad, f"{what}: still attached to a graph; return it .detach()ed",
             bug="result not detached")
    return got


def _hvp_bugs(H, g, v):
    return {"returned the gradient instead of H v": g,
            "(H 1) * v: differentiated g.sum() and multiplied by v, instead of differentiating "
            "g . v": (H @ np.ones_like(v)) * v,
            "returned v^T H v (a number) spread over the vector": np.full_like(v, v @ H @ v)}


# -- CG variants a classic mistake would compute, for naming them


def _cg_variant(A, b, iters, conjugate=True, alpha_uses_A=True):
    x, r = np.zeros_like(b), b.copy()
    p = r.copy()
    for _ in range(iters):
        if np.linalg.norm(r) <= 1e-10 * np.linalg.norm(b):
            break
        Ap = A @ p
        alpha = (r @ r) / (p @ Ap if alpha_uses_A else p @ p)
        x = x + alpha * p
        r_new = r - alpha * Ap
        p = r_new + ((r_new @ r_new) / (r @ r) if conjugate else 0.0) * p
        r = r_new
    return x


def _cg_bugs(A, b, iters):
    return {"no conjugation (beta = 0): that is steepest descent, not CG":
            _cg_variant(A, b, iters, conjugate=False),
            "step size r.r / p.p, missing A: alpha = r.r / p.A p":
            _cg_variant(A, b, iters, alpha_uses_A=False)}


# -- visible


@check(points=1, visible=True)
def hvp_example(t):
    """The statement's example: H = [[3, 1], [1, 2]], v = e_1 gives the first column."""
    A, b = [[3.0, 1.0], [1.0, 2.0]], [1.0, 1.0]
    got = yield t.probe("run_hvp", "quadratic", [A, b], _t([0.0, 0.0]), _t([1.0, 0.0]))
    got = t.mapping(got, ["hv", "loss_calls"], "run_hvp")
    t.close(_tensor_out(t, got["hv"], 2, "hvp"), _t([3.0, 1.0]), what="hvp(loss, 0, e_1)",
            rtol=HVP_RTOL)


@check(points=1, visible=True)
def cg_example(t):
    """The statement's example: two CG iterations solve a 2 x 2 system exactly."""
    A, b = np.array([[3.0, 1.0], [1.0, 2.0]]), np.array([1.0, 1.0])
    got = yield t.probe("run_cg", _t(A), _t(b), 2, 1e-10)
    got = t.mapping(got, ["x", "matvecs"], "run_cg")
    t.close(_tensor_out(t, got["x"], 2, "conjugate_gradient"), _t(np.linalg.solve(A, b)),
            what="conjugate_gradient(A, b, 2)", rtol=CG_RTOL, bugs=_cg_bugs(A, b, 2))


@check(points=1, visible=True)
def newton_example(t):
    """The statement's example: one undamped Newton step solves a quadratic."""
    A, b = [[3.0, 1.0], [1.0, 2.0]], [1.0, 1.0]
    got = yield t.probe("run_newton", "quadratic", [A, b], _t([0.0, 0.0]), 0.0, 2)
    got = t.mapping(got, ["w", "loss_calls"], "run_newton")
    t.close(_tensor_out(t, got["w"], 2, "newton_cg_step"), _t([0.2, 0.4]),
            what="newton_cg_step(loss, 0, 0.0, 2)", rtol=CG_RTOL,
            bugs={"the step is added: w + d instead of w - d": _t([-0.2, -0.4])})


# -- hidden


@check(points=3)
def hvp_matches_exact_hessian(t):
    """H v for a logistic loss (n = 6), a tanh network (n = 13, indefinite H) and a quartic
    at fixed points, against the exact Hessian, to relative error 1e-8."""
    cases = _losses(t.rng)
    cases.append(("quartic", [np.array([1.0, 2.0, 3.0])], np.array([1.0, -2.0, 1.5])))
    vs = [t.rng.standard_normal(len(w)) for _, _, w in cases]
    got = yield [t.probe("run_hvp", f, [_t(d) for d in data], _t(w), _t(v))
                 for (f, data, w), v in zip(cases, vs, strict=True)]
    for (family, data, w), v, g in zip(cases, vs, got, strict=True):
        g = t.mapping(g, ["hv", "loss_calls"], "run_hvp")
        H, grad = _hessian_and_grad(family, data, w)
        t.close(_tensor_out(t, g["hv"], len(w), "hvp"), _t(H @ v), what=f"hvp on the {family} loss",
                rtol=HVP_RTOL, atol=1e-12, bugs=_hvp_bugs(H, grad, v))


@check(points=2)
def cg_iterates_are_krylov_minimisers(t):
    """After 1, 2 and 4 iterations on an 8 x 8 system (condition number 50), x_k is CG's own
    iterate: the A-norm minimiser over the Krylov space."""
    A = _spd(t.rng, 8, 50.0)
    b = t.rng.standard_normal(8)
    ks = (1, 2, 4)
    got = yield [t.probe("run_cg", _t(A), _t(b), k, 1e-10) for k in ks]
    for k, g in zip(ks, got, strict=True):
        g = t.mapping(g, ["x", "matvecs"], "run_cg")
        t.close(_tensor_out(t, g["x"], 8, "conjugate_gradient"), _t(t.ref.conjugate_gradient(
            lambda p: _t(A) @ p, _t(b), k)), what=f"x after {k} CG iterations", rtol=CG_RTOL,
            atol=1e-12, bugs=_cg_bugs(A, b, k))
        t.expect(g["matvecs"] <= k + 1, f"{g['matvecs']} calls of matvec for {k} iterations; "
                 "CG needs one per iteration (x_0 = 0, so r_0 = b needs none)",
                 bug="too many matrix-vector products")


@check(points=2)
def cg_converges_and_stops(t):
    """30 iterations on a 10 x 10 system reach A^{-1} b; and when b is an eigenvector of A, CG
    is exact after one iteration and must stop there (no 0/0 on a zero residual)."""
    A = _spd(t.rng, 10, 20.0)
    b = t.rng.standard_normal(10)
    D = np.diag([4.0, 1.0, 3.0, 5.0, 2.0, 8.0, 6.0, 7.0, 9.0, 10.0])
    e = 2.0 * np.eye(10)[0]  # A e = 4 e: one iteration leaves a residual of exactly 0
    got = yield [t.probe("run_cg", _t(A), _t(b), 30, 1e-10),
                 t.probe("run_cg", _t(D), _t(e), 5, 1e-10)]
    full, eig = (t.mapping(g, ["x", "matvecs"], "run_cg") for g in got)
    t.close(_tensor_out(t, full["x"], 10, "conjugate_gradient"), _t(np.linalg.solve(A, b)),
            what="x after 30 iterations (converged)", rtol=1e-7, atol=1e-10)
    x = _tensor_out(t, eig["x"], 10, "conjugate_gradient")
    if not torch.isfinite(x).all():
        t.fail("b is an eigenvector of A, so the residual is 0 after one iteration, and your CG "
               "returned NaN/Inf: it kept iterating and divided 0 by 0. Stop once "
               "|r| <= tol |b|", bug="does not stop when the residual vanishes")
    t.close(x, _t(e / 4.0), what="x for b an eigenvector of A", rtol=1e-7, atol=1e-12)


@check(points=3)
def newton_step_on_logistic_loss(t):
    """A damped Newton step on a logistic loss (n = 6): exact solve (cg_iters = 6) with damping
    0.1 and 1.0, against w - (H + damping I)^{-1} g from the exact Hessian."""
    family, data, w = _losses(t.rng)[0]
    H, g = _hessian_and_grad(family, data, w)
    dampings = (0.1, 1.0)
    got = yield [t.probe("run_newton", family, [_t(d) for d in data], _t(w), lam, 6)
                 for lam in dampings]
    for lam, got_one in zip(dampings, got, strict=True):
        got_one = t.mapping(got_one, ["w", "loss_calls"], "run_newton")
        d = np.linalg.solve(H + lam * np.eye(6), g)
        t.close(_tensor_out(t, got_one["w"], 6, "newton_cg_step"), _t(w - d),
                what=f"newton_cg_step with damping {lam}", rtol=1e-7, atol=1e-10, bugs={
                    "damping left out: solved H d = g": w - np.linalg.solve(H, g),
                    "the step is added: w + d instead of w - d": w + d,
                    "damping subtracted: solved (H - damping I) d = g":
                        w - np.linalg.solve(H - lam * np.eye(6), g),
                    "a gradient step w - g, not a Newton step": w - g})


@check(points=2)
def newton_step_with_few_cg_iterations(t):
    """cg_iters = 2 on a tanh network (n = 13, damping >= 5, enough to make H + damping I
    positive definite): w - (2 CG iterations on (H + damping I) d = g), <= 6 calls of loss_fn."""
    family, data, w = _losses(t.rng)[1]
    H, g = _hessian_and_grad(family, data, w)
    lam = max(5.0, round(1.0 - float(np.linalg.eigvalsh(H)[0]), 1))  # H + lam I stays PD
    got = yield t.probe("run_newton", family, [_t(d) for d in data], _t(w), lam, 2)
    got = t.mapping(got, ["w", "loss_calls"], "run_newton")
    M = H + lam * np.eye(13)
    t.close(_tensor_out(t, got["w"], 13, "newton_cg_step"), _t(w - _cg_variant(M, g, 2)),
            what="newton_cg_step with 2 CG iterations", rtol=1e-7, atol=1e-10, bugs={
                "damping left out of the matvec": w - _cg_variant(H, g, 2),
                **{f"CG: {k}": w - v for k, v in _cg_bugs(M, g, 2).items()}})
    calls = got["loss_calls"]
    if calls > 6:
        t.fail(f"loss_fn was called {calls} times for one step with 2 CG iterations (n = 13); "
               "one gradient and 2 products need at most 6: build only the products CG asks for",
               bug="forms the Hessian" if calls >= 13 else "too many loss evaluations")
