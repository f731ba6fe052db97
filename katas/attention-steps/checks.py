"""Checks for attention-steps, part 1. Trusted: never enters the sandbox."""

import numpy as np

from graders.kit import check


def qkv(rng, batch=(2, 3), tq=5, tk=7, dk=8, dv=4, scale=1.0):
    q = scale * rng.standard_normal((*batch, tq, dk))
    k = scale * rng.standard_normal((*batch, tk, dk))
    v = rng.standard_normal((*batch, tk, dv))
    return q, k, v


def attention_bugs(ref, q, k, v):
    """The weights each classic mistake gives for these inputs."""
    dk = q.shape[-1]
    scores = q @ np.swapaxes(k, -1, -2)
    e = np.exp(scores / np.sqrt(dk) - (scores / np.sqrt(dk)).max(-2, keepdims=True))
    return {
        "scores not scaled by 1/sqrt(d_k)": ref.softmax(scores),
        "scores scaled by 1/d_k instead of 1/sqrt(d_k)": ref.softmax(scores / dk),
        "softmax taken over the query axis instead of the key axis":
            e / e.sum(-2, keepdims=True),
    }


@check(points=1, visible=True)
def worked_example(t):
    """The worked example from the statement."""
    q = np.array([[1.0, 0.0]])
    k = np.array([[1.0, 0.0], [0.0, 1.0]])
    v = np.array([[1.0], [2.0]])
    got = yield t.call("attention", q, k, v)
    out, w = t.items(got, 2, "(out, weights)")
    want_out, want_w = t.ref.attention(q, k, v)
    t.close(w, want_w, what="weights", rtol=1e-6, atol=1e-9,
            bugs=attention_bugs(t.ref, q, k, v))
    t.close(out, want_out, what="out", rtol=1e-6, atol=1e-9)


@check(points=2)
def batched_heads(t):
    """Batched heads (2, 3, T_q, d) with T_q != T_k and d_k != d_v."""
    q, k, v = qkv(t.rng)
    got = yield t.call("attention", q, k, v)
    out, w = t.items(got, 2, "(out, weights)")
    want_out, want_w = t.ref.attention(q, k, v)
    t.close(w, want_w, what="weights", rtol=1e-6, atol=1e-9,
            bugs=attention_bugs(t.ref, q, k, v))
    t.close(out, want_out, what="out", rtol=1e-6, atol=1e-9)


@check(points=2)
def large_logits(t):
    """softmax of logits around ±5e3 stays finite and exact (subtract the max first)."""
    x = 5e3 * t.rng.standard_normal((4, 6))
    x[0] = 1000.0 + np.arange(6)
    got = yield t.call("softmax", x)
    t.close(got, t.ref.softmax(x), what="softmax of large logits", rtol=1e-6, atol=1e-9,
            bugs={"overflow: exp of large logits without subtracting the max":
                  np.full(x.shape, np.nan)})
