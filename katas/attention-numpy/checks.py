"""Checks for attention-numpy. Trusted: never enters the sandbox."""

import numpy as np

from graders import plots
from graders.kit import check


def _qkv(rng, batch=(2, 3), lq=5, lk=7, dk=8, dv=4, scale=1.0):
    q = scale * rng.standard_normal((*batch, lq, dk))
    k = scale * rng.standard_normal((*batch, lk, dk))
    v = rng.standard_normal((*batch, lk, dv))
    return q, k, v


def _attention_bugs(ref, q, k, v, mask=None):
    """The weights each classic mistake would produce for these inputs."""
    dk = q.shape[-1]
    sdpa = ref.scaled_dot_product_attention
    bugs = {
        "scores not scaled by 1/sqrt(d_k)": sdpa(q * np.sqrt(dk), k, v, mask)[1],
        "scores scaled by 1/d_k instead of 1/sqrt(d_k)": sdpa(q / np.sqrt(dk), k, v, mask)[1],
    }
    if mask is None:
        scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(dk)
        bugs["softmax taken over the query axis instead of the key axis"] = ref.softmax(scores, -2)
    else:
        bugs["mask inverted (True means 'may attend')"] = sdpa(q, k, v, ~np.asarray(mask))[1]
    return bugs


@check(points=1, visible=True)
def softmax_small(t):
    """softmax of a (3, 4) matrix along the last axis."""
    x = np.array([[1.0, 2.0, 3.0, 4.0], [0.0, 0.0, 0.0, 0.0], [-1.0, 5.0, 2.0, 0.5]])
    got = yield t.call("softmax", x)
    t.close(got, t.ref.softmax(x), what="softmax(x)",
            bugs={"softmax taken over axis 0": t.ref.softmax(x, axis=0)})


@check(points=1, visible=True)
def attention_worked_example(t):
    """The worked example from the statement."""
    q = np.array([[1.0, 0.0]])
    k = np.array([[1.0, 0.0], [0.0, 1.0]])
    v = np.array([[1.0], [2.0]])
    got = yield t.call("scaled_dot_product_attention", q, k, v)
    out, w = t.items(got, 2, "(output, weights)")
    want_out, want_w = t.ref.scaled_dot_product_attention(q, k, v)
    t.close(w, want_w, what="weights", bugs=_attention_bugs(t.ref, q, k, v))
    t.close(out, want_out, what="output")


@check(points=1, visible=True)
def attention_causal_example(t):
    """A (1, 4, 3) causal example: each query attends to itself and earlier keys."""
    q, k, v = _qkv(t.rng, batch=(1,), lq=4, lk=4, dk=3, dv=2)
    mask = np.tril(np.ones((4, 4), dtype=bool))
    got = yield t.call("scaled_dot_product_attention", q, k, v, mask)
    out, w = t.items(got, 2, "(output, weights)")
    want_out, want_w = t.ref.scaled_dot_product_attention(q, k, v, mask)
    t.note(plot=plots.heatmaps("Attention weights: each row is a query, each column a key",
                               {"yours": w, "expected": want_w}, x_label="key", y_label="query"))
    t.close(w, want_w, what="weights", bugs=_attention_bugs(t.ref, q, k, v, mask))
    t.close(out, want_out, what="output")


@check(points=2)
def softmax_any_axis(t):
    """softmax over axis 0, 1 and -1 of a random 3-D array sums to one and matches."""
    x = 3 * t.rng.standard_normal((4, 5, 6))
    got = yield [t.call("softmax", x, axis) for axis in (0, 1, -1)]
    for axis, g in zip((0, 1, -1), got, strict=True):
        want = t.ref.softmax(x, axis=axis)
        other = {f"softmax taken over axis {a}": t.ref.softmax(x, axis=a)
                 for a in (0, 1, 2) if a % 3 != axis % 3}
        t.close(g, want, what=f"softmax(x, axis={axis})", bugs=other)


@check(points=2)
def softmax_large_logits(t):
    """softmax stays finite and exact for logits around ±1e3 (subtract the max first)."""
    x = 1e3 * t.rng.standard_normal((6, 9))
    x[0, :] = 1000.0 + np.arange(9)
    got = yield t.call("softmax", x)
    t.close(got, t.ref.softmax(x), what="softmax of large logits",
            bugs={"overflow: exp of large logits without subtracting the max":
                  np.full(x.shape, np.nan)})


@check(points=3)
def attention_batched(t):
    """Batched multi-head shapes (2, 3, Lq, d) with Lq != Lk and d_k != d_v."""
    q, k, v = _qkv(t.rng)
    got = yield t.call("scaled_dot_product_attention", q, k, v)
    out, w = t.items(got, 2, "(output, weights)")
    want_out, want_w = t.ref.scaled_dot_product_attention(q, k, v)
    t.expect(np.shape(w) == want_w.shape or not hasattr(w, "shape"),
             f"weights: shape {getattr(w, 'shape', None)}, "
             f"expected {want_w.shape} = (..., L_q, L_k)",
             bug="wrong shape")
    sums = np.sum(np.asarray(w, dtype=np.float64), axis=-1) if hasattr(w, "shape") else None
    if sums is not None and np.all(np.isfinite(sums)) and not np.allclose(sums, 1.0, atol=1e-4):
        t.fail("weights do not sum to 1 over the key axis (softmax over the wrong axis?)",
               bug="weights do not sum to 1 over the key axis",
               row_sum_range=[float(sums.min()), float(sums.max())])
    t.close(w, want_w, what="weights", bugs=_attention_bugs(t.ref, q, k, v))
    t.close(out, want_out, what="output")


@check(points=3)
def attention_masked(t):
    """A random boolean mask broadcast over heads: masked keys get exactly zero weight."""
    q, k, v = _qkv(t.rng, batch=(2, 3), lq=6, lk=6)
    mask = t.rng.random((2, 1, 6, 6)) < 0.6
    mask[..., 0] = True  # every query may attend somewhere here
    got = yield t.call("scaled_dot_product_attention", q, k, v, mask)
    out, w = t.items(got, 2, "(output, weights)")
    want_out, want_w = t.ref.scaled_dot_product_attention(q, k, v, mask)
    t.close(w, want_w, what="weights", atol=1e-7, bugs=_attention_bugs(t.ref, q, k, v, mask))
    t.close(out, want_out, what="output")


@check(points=2)
def attention_fully_masked_row(t):
    """A query with every key masked gets zero weights and a zero output row, not NaN."""
    q, k, v = _qkv(t.rng, batch=(2,), lq=4, lk=5)
    mask = np.ones((2, 4, 5), dtype=bool)
    mask[0, 2, :] = False
    mask[1, 0, :] = False
    got = yield t.call("scaled_dot_product_attention", q, k, v, mask)
    out, w = t.items(got, 2, "(output, weights)")
    want_out, want_w = t.ref.scaled_dot_product_attention(q, k, v, mask)
    uniform = np.where(mask.any(-1, keepdims=True), want_w, 1.0 / 5)
    t.close(w, want_w, what="weights", bugs={
        "fully masked rows get uniform weights instead of zeros": uniform})
    t.close(out, want_out, what="output")


@check(points=2)
def attention_large_scores(t):
    """Scores of magnitude ~1e3 (large q, k): still finite, and exact up to the rounding of
    the scores themselves (see _score_rtol)."""
    q, k, v = _qkv(t.rng, batch=(2,), lq=5, lk=6, dk=4, scale=40.0)
    mask = np.tril(np.ones((5, 6), dtype=bool), k=1)
    got = yield t.call("scaled_dot_product_attention", q, k, v, mask)
    out, w = t.items(got, 2, "(output, weights)")
    want_out, want_w = t.ref.scaled_dot_product_attention(q, k, v, mask)
    rtol = _score_rtol(w, q, k)
    t.close(w, want_w, what="weights", rtol=rtol, atol=rtol * 1e-3,
            bugs=_attention_bugs(t.ref, q, k, v, mask))
    t.close(out, want_out, what="output", rtol=rtol, atol=rtol * float(np.max(np.abs(v))))


def _score_rtol(w, q, k):
    """The relative error softmax weights may carry from rounding the scores alone.

    A score s is rounded to s(1 + d) with |d| <= a few eps of the answer's dtype; softmax
    turns an absolute score error e into a relative weight error up to 2e, so weights are
    only as exact as ~eps x max|s| (float32 at |s| ~ 3e3: ~1e-3; float64: ~1e-12)."""
    dtype = getattr(w, "dtype", np.dtype(np.float64))
    eps = float(np.finfo(dtype).eps) if np.dtype(dtype).kind == "f" else 2.2e-16
    scores = np.abs(q @ np.swapaxes(k, -1, -2)) / np.sqrt(q.shape[-1])
    return max(1e-5, 8 * eps * float(scores.max()))
