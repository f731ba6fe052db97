"""Checks for lora-adapter. Trusted: never enters the sandbox."""

import numpy as np
import torch

from graders.kit import check

from . import harness


def _base(seed, n_in, n_out):
    base = harness.make_base(seed, n_in, n_out)
    return base.weight.detach().clone(), base.bias.detach().clone()


def _t(a):
    return torch.as_tensor(a, dtype=torch.float64)


def _forward(W, b, A, B, x, scaling):
    return x @ W.T + b + scaling * (x @ A.T) @ B.T


def _forward_bugs(W, b, A, B, x, r, alpha):
    return {
        "scaled by alpha instead of alpha / r": _forward(W, b, A, B, x, alpha),
        "scaled by r / alpha instead of alpha / r": _forward(W, b, A, B, x, r / alpha),
        "the low-rank term is not scaled by alpha / r": _forward(W, b, A, B, x, 1.0),
        "the base layer is left out of forward": _forward(0 * W, 0 * b, A, B, x, alpha / r),
    }


def _case(rng, n_in, n_out, r, lead=(2, 5)):
    A = rng.standard_normal((r, n_in))
    B = rng.standard_normal((n_out, r))
    x = rng.standard_normal((*lead, n_in))
    return _t(A), _t(B), _t(x)


def _check_fresh(t, got, seed, n_in, n_out, r, x):
    got = t.mapping(got, ["trainable", "frozen", "A", "B", "y"], "fresh")
    W, b = _base(seed, n_in, n_out)
    t.expect(got["trainable"] == ["lora_A", "lora_B"] and got["frozen"] == ["base.bias",
                                                                            "base.weight"],
             f"parameters that train: {got['trainable']}, frozen: {got['frozen']}; expected "
             "lora_A and lora_B to train and base.weight, base.bias to be frozen "
             "(requires_grad=False)",
             bug="base layer not frozen" if "base.weight" in got["trainable"] else
             "wrong trainable parameters")
    Bz = got["B"]
    if isinstance(Bz, torch.Tensor) and tuple(Bz.shape) == (n_out, r) and bool(Bz.any()):
        t.fail("lora_B is not zero at init: the adapted layer must start as the pretrained one",
               bug="B not zero at init: the adapter changes the model before training")
    t.close(Bz, torch.zeros(n_out, r, dtype=torch.float64), what="lora_B at init")
    A = got["A"]
    t.expect(isinstance(A, torch.Tensor) and tuple(A.shape) == (r, n_in),
             f"lora_A: expected a tensor of shape ({r}, {n_in}) = (r, in_features), got "
             f"{getattr(A, 'shape', type(A).__name__)}", bug="wrong shape")
    if not torch.all(torch.isfinite(A)) or float(A.abs().max()) == 0.0:
        t.fail("lora_A is all zero (or not finite) at init: with B = 0 too, no gradient ever "
               "reaches A or B and the adapter never trains. Initialise A randomly",
               bug="A and B both zero at init: the adapter cannot train")
    t.close(got["y"], x @ W.T + b, what="forward(x) of a fresh adapter (must equal base(x))")


@check(points=1, visible=True)
def fresh_adapter_example(t):
    """LoRALinear(Linear(4, 3), r=2, alpha=4): A (2, 4) random, B (3, 2) zero, only A and B
    train, and forward(x) equals base(x)."""
    x = _t(t.rng.standard_normal((5, 4)))
    got = yield t.probe("fresh", 7, 4, 3, 2, 4.0, x)
    _check_fresh(t, got, 7, 4, 3, 2, x)


@check(points=1, visible=True)
def forward_example(t):
    """With A = [[1, 0]] and B = [[2]] on Linear(2, 1), r = 1, alpha = 3: forward adds 6 x_0."""
    A, B, x = _t([[1.0, 0.0]]), _t([[2.0]]), _t([[1.0, 1.0]])
    W, b = _base(1, 2, 1)
    got = yield t.probe("forward_backward", 1, 2, 1, 1, 3.0, A, B, x, _t([[1.0]]))
    got = t.mapping(got, ["y", "grad_A", "grad_B", "grad_base_weight", "grad_base_bias"],
                    "forward_backward")
    t.close(got["y"], _forward(W, b, A, B, x, 3.0), what="forward(x)",
            bugs=_forward_bugs(W, b, A, B, x, 1, 3.0))


@check(points=2)
def fresh_adapter(t):
    """A fresh LoRALinear(Linear(10, 7), r=3, alpha=6) on inputs of shape (2, 5, 10)."""
    x = _t(t.rng.standard_normal((2, 5, 10)))
    seed = int(t.rng.integers(2**31))
    got = yield t.probe("fresh", seed, 10, 7, 3, 6.0, x)
    _check_fresh(t, got, seed, 10, 7, 3, x)


@check(points=3)
def forward_random(t):
    """forward(x) = base(x) + (alpha / r) x A^T B^T for random A (4, 9), B (6, 4), alpha = 8,
    and x of shape (2, 5, 9)."""
    seed = int(t.rng.integers(2**31))
    A, B, x = _case(t.rng, 9, 6, 4)
    w = _t(t.rng.standard_normal((2, 5, 6)))
    got = yield t.probe("forward_backward", seed, 9, 6, 4, 8.0, A, B, x, w)
    got = t.mapping(got, ["y", "grad_A", "grad_B", "grad_base_weight", "grad_base_bias"],
                    "forward_backward")
    W, b = _base(seed, 9, 6)
    t.close(got["y"], _forward(W, b, A, B, x, 2.0), what="forward(x)",
            bugs=_forward_bugs(W, b, A, B, x, 4, 8.0))


@check(points=3)
def gradients(t):
    """The gradients of sum(forward(x) * w): A and B get exactly the analytic ones, the frozen
    base.weight and base.bias get none (their .grad stays None)."""
    seed = int(t.rng.integers(2**31))
    n_in, n_out, r, alpha = 8, 5, 2, 16.0
    A, B, x = _case(t.rng, n_in, n_out, r, lead=(7,))
    w = _t(t.rng.standard_normal((7, n_out)))
    got = yield t.probe("forward_backward", seed, n_in, n_out, r, alpha, A, B, x, w)
    got = t.mapping(got, ["y", "grad_A", "grad_B", "grad_base_weight", "grad_base_bias"],
                    "forward_backward")
    for name in ("grad_base_weight", "grad_base_bias"):
        t.expect(got[name] is None, f"base.{name[10:]} received a gradient: the pretrained layer "
                 "must be frozen (requires_grad=False)", bug="base layer not frozen")
    s = alpha / r
    want_B = s * w.T @ (x @ A.T)  # (out, r)
    want_A = s * B.T @ w.T @ x  # (r, in)
    for name, want in (("grad_A", want_A), ("grad_B", want_B)):
        t.expect(got[name] is not None, f"lora_{name[-1]} received no gradient",
                 bug="adapter not trainable")
        t.close(got[name], want, what=f"d sum(forward(x) * w) / d lora_{name[-1]}", bugs={
            "scaled by alpha instead of alpha / r": want * r,
            "the low-rank term is not scaled by alpha / r": want / s})


@check(points=3)
def merge_and_unmerge(t):
    """merge() folds (alpha / r) B A into base.weight and forward(x) does not change; unmerge()
    restores the pretrained weight exactly and forward(x) still does not change."""
    seed = int(t.rng.integers(2**31))
    n_in, n_out, r, alpha = 6, 4, 3, 9.0
    A, B, x = _case(t.rng, n_in, n_out, r, lead=(3,))
    got = yield t.probe("merge_cycle", seed, n_in, n_out, r, alpha, A, B, x)
    got = t.mapping(got, ["before", "merged_weight", "merged", "unmerged_weight", "unmerged"],
                    "merge_cycle")
    W, b = _base(seed, n_in, n_out)
    s = alpha / r
    y = _forward(W, b, A, B, x, s)
    t.close(got["before"], y, what="forward(x) before merge",
            bugs=_forward_bugs(W, b, A, B, x, r, alpha))
    t.close(got["merged_weight"], W + s * B @ A, what="base.weight after merge()", bugs={
        "merge adds B A without the alpha / r scaling": W + B @ A,
        "merge did not change base.weight": W})
    t.close(got["merged"], y, what="forward(x) after merge()", bugs={
        "after merge, forward still adds the low-rank term: the update counts twice":
            _forward(W + s * B @ A, b, A, B, x, s)})
    t.close(got["unmerged_weight"], W, what="base.weight after unmerge()", bugs={
        "unmerge subtracts B A without the alpha / r scaling": W + (s - 1) * B @ A})
    t.close(got["unmerged"], y, what="forward(x) after unmerge()")


@check(points=1)
def rank_one(t):
    """r = 1, alpha = 1 on Linear(3, 3): the update is the outer product B A."""
    seed = int(t.rng.integers(2**31))
    A, B, x = _case(t.rng, 3, 3, 1, lead=(4,))
    w = _t(np.ones((4, 3)))
    got = yield t.probe("forward_backward", seed, 3, 3, 1, 1.0, A, B, x, w)
    got = t.mapping(got, ["y", "grad_A", "grad_B", "grad_base_weight", "grad_base_bias"],
                    "forward_backward")
    W, b = _base(seed, 3, 3)
    t.close(got["y"], _forward(W, b, A, B, x, 1.0), what="forward(x)")
