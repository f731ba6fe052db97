"""Checks for multi-head-attention. Trusted: never enters the sandbox."""

import numpy as np

from graders import plots
from graders.kit import Fail, check


def _weights(rng, C):
    """Four (C, C) projections scaled like a freshly initialised layer."""
    return [rng.standard_normal((C, C)) / np.sqrt(C) for _ in range(4)]


def _variant(x, Wq, Wk, Wv, Wo, H, causal, *, split="heads", scale="d_head", diagonal=0,
             merge="heads"):
    """Multi-head attention with one classic mistake switched in (for naming bugs)."""
    B, T, C = x.shape
    d = C // H
    if split == "heads":
        def sh(a): return a.reshape(B, T, H, d).transpose(0, 2, 1, 3)
    elif split == "time-mixing":  # reshape (B, T, C) straight to (B, H, T, d)
        def sh(a): return a.reshape(B, H, T, d)
    else:  # "strided": head h gets channels h, h+H, h+2H, ...
        def sh(a): return a.reshape(B, T, d, H).transpose(0, 3, 1, 2)
    q, k, v = sh(x @ Wq), sh(x @ Wk), sh(x @ Wv)
    s = q @ k.transpose(0, 1, 3, 2)
    s = s / {"d_head": np.sqrt(d), "C": np.sqrt(C), "none": 1.0, "d_head^2": d}[scale]
    if causal:
        allowed = np.tril(np.ones((T, T), dtype=bool), k=diagonal)
        s = np.where(allowed, s, -1e30)  # a fully masked row becomes uniform, not NaN
    w = np.exp(s - s.max(-1, keepdims=True))
    out = (w / w.sum(-1, keepdims=True)) @ v  # (B, H, T, d)
    if merge == "heads":
        out = out.transpose(0, 2, 1, 3).reshape(B, T, C)
    elif merge == "no-transpose":
        out = out.reshape(B, T, C)
    else:  # "strided": undoes a strided split
        out = out.transpose(0, 2, 3, 1).reshape(B, T, C)
    return out @ Wo


def _bugs(x, W, H, causal):
    args = (x, *W, H, causal)
    bugs = {
        "heads split with reshape(B, H, T, d) instead of reshape(B, T, H, d) + transpose "
        "(time and channels get mixed)": lambda: _variant(*args, split="time-mixing",
                                                          merge="no-transpose"),
        "heads merged with reshape(B, T, C) without first transposing (B, H, T, d) -> "
        "(B, T, H, d)": lambda: _variant(*args, merge="no-transpose"),
        "heads split along the wrong axis: reshape(B, T, d, H) gives each head strided "
        "channels instead of the contiguous block h*d:(h+1)*d": lambda: _variant(
            *args, split="strided", merge="strided"),
        "scores scaled by 1/sqrt(C) instead of 1/sqrt(d_head)": lambda: _variant(*args,
                                                                                 scale="C"),
        "scores not scaled by 1/sqrt(d_head)": lambda: _variant(*args, scale="none"),
        "scores scaled by 1/d_head instead of 1/sqrt(d_head)": lambda: _variant(
            *args, scale="d_head^2"),
    }
    if causal:
        bugs.update({
            "causal mask off by one: a position cannot attend to itself": lambda: _variant(
                *args, diagonal=-1),
            "causal mask off by one: each position also sees the next one": lambda: _variant(
                *args, diagonal=1),
            "causal=True ignored: every position sees the future": lambda: _variant(
                x, *W, H, False),
        })
    return bugs


def _compare(t, got, x, W, H, causal, what):
    want = t.ref.multi_head_attention(x, *W, H, causal)
    t.close(got, want, what=what, atol=1e-10, bugs=_bugs(x, W, H, causal))


@check(points=1, visible=True)
def worked_example(t):
    """The statement's example: identity projections, two heads, causal."""
    x = np.array([[[1.0, 0.0, 2.0, 0.0], [0.0, 1.0, 0.0, 2.0]]])  # (1, 2, 4)
    W = [np.eye(4)] * 4
    got = yield t.call("multi_head_attention", x, *W, 2, causal=True)
    _compare(t, got, x, W, 2, True, "multi_head_attention(x, I, I, I, I, 2, causal=True)")


@check(points=1, visible=True)
def small_random(t):
    """A (1, 4, 6) input with random projections and 2 heads, not causal."""
    x = t.rng.standard_normal((1, 4, 6))
    W = _weights(t.rng, 6)
    got = yield t.call("multi_head_attention", x, *W, 2)
    _compare(t, got, x, W, 2, False, "output")


@check(points=1, visible=True)
def attention_maps_per_head(t):
    """T=4, 2 heads of width 4, not causal, with W_v copying a one-hot position code into
    each head and W_o = I: the output is each head's attention weights, side by side."""
    T, H = 4, 2
    x = np.concatenate([t.rng.standard_normal((1, T, 4)), np.eye(T)[None]], axis=-1)  # (1, 4, 8)
    Wv = np.zeros((2 * T, H * T))
    for h in range(H):
        Wv[T:, h * T:(h + 1) * T] = np.eye(T)  # head h's values are the positions
    W = [t.rng.normal(0, 1.0, (2 * T, 2 * T)), t.rng.normal(0, 1.0, (2 * T, 2 * T)), Wv,
         np.eye(2 * T)]
    got = yield t.call("multi_head_attention", x, *W, H)
    want = t.ref.multi_head_attention(x, *W, H)
    fits = isinstance(got, np.ndarray) and got.shape == want.shape
    panels = {}
    for h in range(H):
        panels[f"yours, head {h}"] = got[0, :, h * T:(h + 1) * T] if fits else None
        panels[f"expected, head {h}"] = want[0, :, h * T:(h + 1) * T]
    t.note(plot=plots.heatmaps("Attention weights of each head: a row is a query, a column a "
                               "key", panels, x_label="key", y_label="query"))
    _compare(t, got, x, W, H, False, "output (each head's attention weights)")


@check(points=3)
def batched_heads(t):
    """B=2, T=5, C=12 with 3 heads (d_head=4), not causal: split, scale and merge."""
    x = t.rng.standard_normal((2, 5, 12))
    W = _weights(t.rng, 12)
    got = yield t.call("multi_head_attention", x, *W, 3, causal=False)
    _compare(t, got, x, W, 3, False, "output (B=2, T=5, C=12, 3 heads)")


@check(points=3)
def causal_batched(t):
    """B=3, T=7, C=8 with 2 heads, causal: each position attends to itself and the past."""
    x = 1.5 * t.rng.standard_normal((3, 7, 8))
    W = _weights(t.rng, 8)
    got = yield t.call("multi_head_attention", x, *W, 2, causal=True)
    _compare(t, got, x, W, 2, True, "causal output (B=3, T=7, C=8, 2 heads)")


@check(points=2)
def causal_ignores_future(t):
    """Changing the token at position s must leave causal outputs at positions < s unchanged."""
    T, C, H = 6, 8, 4
    x = t.rng.standard_normal((1, T, C))
    W = _weights(t.rng, C)
    s = int(t.rng.integers(1, T))
    x2 = x.copy()
    x2[0, s:] += 3.0 * t.rng.standard_normal((T - s, C))
    a, b = yield [t.call("multi_head_attention", x, *W, H, causal=True),
                  t.call("multi_head_attention", x2, *W, H, causal=True)]
    for got in (a, b):
        t.expect(isinstance(got, np.ndarray) and got.shape == x.shape,
                 f"expected a numpy array of shape {x.shape}, got {type(got).__name__} of shape "
                 f"{getattr(got, 'shape', None)}", bug="wrong shape")
    try:
        _compare(t, a, x, W, H, True, "causal output")
    except Fail as f:
        leak = float(np.max(np.abs(b[0, :s] - a[0, :s])))
        t.expect(f.diagnostics.get("bug") or leak <= 1e-6 * (1.0 + float(np.max(np.abs(a)))),
                 f"outputs at positions < {s} changed by up to {leak:.3g} when only the tokens "
                 f"at positions >= {s} changed: information from later tokens reaches earlier "
                 "positions (a symptom: a mask that lets the future through, a mask applied "
                 "after the softmax, or a softmax over the wrong axis all do this)",
                 changed_from_position=s)
        raise
    _compare(t, b, x2, W, H, True, "causal output after changing later tokens")


@check(points=2)
def many_heads_scale(t):
    """C=16 split into 4 heads and into 16 one-channel heads: the scale is 1/sqrt(d_head)."""
    x = 2.0 * t.rng.standard_normal((2, 4, 16))
    W = _weights(t.rng, 16)
    got = yield [t.call("multi_head_attention", x, *W, 4, causal=True),
                 t.call("multi_head_attention", x, *W, 16)]
    _compare(t, got[0], x, W, 4, True, "output with 4 heads, causal")
    _compare(t, got[1], x, W, 16, False, "output with 16 heads of width 1")


@check(points=1)
def single_head_single_token(t):
    """One head behaves like plain attention; one causal token attends only to itself."""
    x = t.rng.standard_normal((2, 5, 6))
    W = _weights(t.rng, 6)
    x1 = t.rng.standard_normal((3, 1, 6))
    got = yield [t.call("multi_head_attention", x, *W, 1, causal=True),
                 t.call("multi_head_attention", x1, *W, 3, causal=True)]
    _compare(t, got[0], x, W, 1, True, "output with n_heads=1")
    _compare(t, got[1], x1, W, 3, True, "causal output for T=1")
