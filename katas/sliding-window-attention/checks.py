"""Checks for sliding-window-attention. Trusted: never enters the sandbox."""

import numpy as np

from graders.kit import check

MEMORY_T, MEMORY_D, MEMORY_WINDOW = 2048, 8, 16  # the memory check's problem size
MEMORY_LIMIT = 8 << 20  # 8 MiB; one 2048 x 2048 float64 array takes 32 MiB


def _masked(q, k, v, allowed, scale=True, zero_keys=0):
    """Full-matrix attention under a boolean (T, T) mask, optionally with `zero_keys` extra
    all-zero keys in front that every query sees: what each mistake computes."""
    T, d = q.shape[-2:]
    s = q @ np.swapaxes(k, -1, -2) / (np.sqrt(d) if scale else 1.0)
    s = np.where(allowed, s, -np.inf)
    if zero_keys:
        s = np.concatenate([np.zeros(s.shape[:-1] + (zero_keys,)), s], axis=-1)
        v = np.concatenate([np.zeros(v.shape[:-2] + (zero_keys, v.shape[-1])), v], axis=-2)
    w = np.exp(s - s.max(-1, keepdims=True))
    return (w / w.sum(-1, keepdims=True)) @ v


def _band(T, lo, hi):
    """allowed[i, j] = lo <= i - j <= hi."""
    diff = np.arange(T)[:, None] - np.arange(T)[None, :]
    return (diff >= lo) & (diff <= hi)


def _bugs(q, k, v, window):
    """`window` here is how many keys a query sees (itself included)."""
    T = q.shape[-2]
    return {
        f"window off by one: {window + 1} keys (itself and {window} before) instead of {window}":
            _masked(q, k, v, _band(T, 0, window)),
        "the window is not causal: |i - j| < window": _masked(q, k, v, _band(T, 1 - window,
                                                                             window - 1)),
        "scores not scaled by 1/sqrt(d)": _masked(q, k, v, _band(T, 0, window - 1), scale=False),
    }


def _check(t, got, q, k, v, window, what):
    want = t.ref.sliding_window_attention(q, k, v, window)
    window = _keys(t, window)
    bugs = _bugs(q, k, v, window)
    # The padded-band mistake: query i also sees max(0, window - 1 - i) zero keys.
    T = q.shape[-2]
    padded = np.empty_like(want)
    for i in range(T):
        extra = max(0, window - 1 - i)
        padded[..., i:i + 1, :] = _masked(q[..., i:i + 1, :], k[..., :i + 1, :], v[..., :i + 1, :],
                                          _band(i + 1, 0, window - 1)[i:i + 1], zero_keys=extra)
    bugs["the zero padding in front of the sequence is attended to (score 0, value 0)"] = padded
    t.close(got, want, what=what, bugs=bugs)


def _keys(t, window):
    """How many keys (itself included) a query sees for `window` in the kata's variant."""
    return window + 1 if t.variant.get("WINDOW", "with_self") == "before_self" else window


def _qkv(rng, shape, T, d=4, dv=3, scale=1.0):
    q, k = (scale * rng.standard_normal((*shape, T, d)) for _ in range(2))
    return q, k, rng.standard_normal((*shape, T, dv))


@check(points=1, visible=True)
def worked_example(t):
    """The worked example: all-zero q and k, v = [[1], [2], [3], [4]], window 2."""
    q = k = np.zeros((4, 1))
    v = np.array([[1.0], [2.0], [3.0], [4.0]])
    got = yield t.call("sliding_window_attention", q, k, v, 2)
    _check(t, got, q, k, v, 2, "sliding_window_attention(q, k, v, 2)")


@check(points=1, visible=True)
def small_random(t):
    """T = 6, d = 4, window 3."""
    q, k, v = _qkv(t.rng, (), 6)
    got = yield t.call("sliding_window_attention", q, k, v, 3)
    _check(t, got, q, k, v, 3, "sliding_window_attention(q, k, v, 3)")


@check(points=3)
def batched(t):
    """Batch and heads (2, 3), T = 10, d = 4, dv = 3, window 3."""
    q, k, v = _qkv(t.rng, (2, 3), 10)
    got = yield t.call("sliding_window_attention", q, k, v, 3)
    _check(t, got, q, k, v, 3, "sliding_window_attention(q, k, v, 3)")


@check(points=2)
def window_edges(t):
    """window 1 (each query sees only itself: out = v), and window 8 > T = 5 (plain causal)."""
    q, k, v = _qkv(t.rng, (2,), 5)
    got = yield [t.call("sliding_window_attention", q, k, v, w) for w in (1, 8)]
    for w, g in zip((1, 8), got, strict=True):
        _check(t, g, q, k, v, w, f"sliding_window_attention(q, k, v, {w}) with T = 5")


@check(points=2)
def large_scores(t):
    """Scores of magnitude ~1e3 (q and k scaled by 40), T = 9, window 4: finite and exact."""
    q, k, v = _qkv(t.rng, (2,), 9, scale=40.0)
    got = yield t.call("sliding_window_attention", q, k, v, 4)
    _check(t, got, q, k, v, 4, "sliding_window_attention with large scores")


@check(points=3)
def memory_is_banded(t):
    """T = 2048, d = dv = 8, window 16: the peak memory your call allocates (tracemalloc, inputs
    excluded) stays under 8 MiB; one 2048 x 2048 float64 array takes 32 MiB."""
    q, k, v = _qkv(t.rng, (), MEMORY_T, d=MEMORY_D, dv=MEMORY_D)
    got = yield t.probe("traced", q, k, v, MEMORY_WINDOW)
    got = t.mapping(got, ["out", "peak_bytes", "traced_to_the_end"], "traced")
    t.expect(got["traced_to_the_end"] is True, "tracemalloc was stopped during your call",
             bug="memory measurement disturbed")
    peak = int(got["peak_bytes"])
    t.note(peak_bytes=peak, limit_bytes=MEMORY_LIMIT)
    t.expect(peak <= MEMORY_LIMIT,
             f"your call allocated {peak / 2**20:.1f} MiB at its peak for T = {MEMORY_T}, over "
             "the 8 MiB allowed: build the (T, window) band of scores, not a T x T matrix",
             bug="a T x T array for a banded problem")
    t.close(got["out"], t.ref.sliding_window_attention(q, k, v, MEMORY_WINDOW),
            what="sliding_window_attention, T = 2048")
