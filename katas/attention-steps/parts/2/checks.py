"""Checks for attention-steps, part 2 (causal). Trusted: never enters the sandbox."""

import numpy as np

from graders.kit import check


def causal_bugs(ref, q, k, v):
    """The weights each classic causal-mask mistake gives for these inputs."""
    t = q.shape[-2]
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    lower = np.tril(np.ones((t, t), dtype=bool))
    after = np.where(lower, ref.softmax(scores), 0.0)
    return {
        "mask applied after the softmax (rows no longer sum to 1)": after,
        "mask transposed: positions attend to the future, not the past":
            ref.softmax(np.where(lower.T, scores, -np.inf)),
        "no causal mask": ref.softmax(scores),
    }


def _check(t, q, k, v, got):
    out, w = t.items(got, 2, "(out, weights)")
    want_out, want_w = t.ref.causal_attention(q, k, v)
    t.close(w, want_w, what="weights", rtol=1e-6, atol=1e-9,
            bugs=causal_bugs(t.ref, q, k, v))
    t.close(out, want_out, what="out", rtol=1e-6, atol=1e-9)


@check(points=1, visible=True)
def worked_example(t):
    """The worked example from the statement: equal scores, so uniform over the past."""
    q = k = np.zeros((3, 2))
    v = np.array([[3.0], [6.0], [9.0]])
    got = yield t.call("causal_attention", q, k, v)
    _check(t, q, k, v, got)


@check(points=2)
def batched_heads(t):
    """Batched heads (2, 3, T, d): exact zeros above the diagonal, rows sum to 1."""
    q = t.rng.standard_normal((2, 3, 6, 8))
    k = t.rng.standard_normal((2, 3, 6, 8))
    v = t.rng.standard_normal((2, 3, 6, 4))
    got = yield t.call("causal_attention", q, k, v)
    _check(t, q, k, v, got)


@check(points=2)
def first_row_sees_itself(t):
    """A single sequence with T = 9: row 0 puts all its weight on position 0."""
    q = 2 * t.rng.standard_normal((9, 5))
    k = 2 * t.rng.standard_normal((9, 5))
    v = t.rng.standard_normal((9, 3))
    got = yield t.call("causal_attention", q, k, v)
    out, w = t.items(got, 2, "(out, weights)")
    w = np.asarray(w, dtype=np.float64)
    t.expect(w.shape == (9, 9), f"weights: shape {w.shape}, expected (9, 9)", bug="wrong shape")
    t.expect(abs(w[0, 0] - 1.0) < 1e-9, f"weights[0, 0] = {w[0, 0]:.6g}, expected 1: the first "
             "position can only see itself", bug="first position does not attend to itself")
    _check(t, q, k, v, got)
