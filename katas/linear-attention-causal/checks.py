"""Checks for linear-attention-causal. Trusted: never enters the sandbox."""

import numpy as np

from graders.kit import check

MEMORY_T, MEMORY_D = 2048, 8  # the memory check's problem size
MEMORY_LIMIT = 8 << 20  # 8 MiB; one 2048 x 2048 float64 array takes 32 MiB


def _elu(x):
    return np.where(x > 0, x, np.expm1(np.minimum(x, 0.0)))


def _form(phi, q, k, v, mask, normalise=True):
    """sum_j mask_ij phi(q_i).phi(k_j) v_j, divided by the same sum without v_j."""
    T = q.shape[-2]
    a = (phi(q) @ np.swapaxes(phi(k), -1, -2)) * mask(np.ones((T, T)))
    with np.errstate(all="ignore"):
        return (a @ v) / a.sum(-1, keepdims=True) if normalise else a @ v


def _bugs(ref, q, k, v):
    """The output each classic mistake would produce."""
    phi = ref.feature_map
    return {
        "not causal: the sums run over every position, future included":
            _form(phi, q, k, v, lambda m: m),
        "exclusive prefix sums: position i leaves itself out (j < i)":
            _form(phi, q, k, v, lambda m: np.tril(m, -1)),
        "anti-causal mask: position i sees j >= i": _form(phi, q, k, v, np.triu),
        "no normaliser: the sum of phi(q_i).phi(k_j) v_j is not divided by sum phi(q_i).phi(k_j)":
            _form(phi, q, k, v, np.tril, normalise=False),
        "feature map elu(x) without the + 1": _form(_elu, q, k, v, np.tril),
        "feature map relu(x) instead of elu(x) + 1":
            _form(lambda x: np.maximum(x, 0.0), q, k, v, np.tril),
    }


def _compare(t, got, want, bugs, what):
    """Name a bug when got equals its output exactly (NaN where it has NaN), else compare."""
    if isinstance(got, np.ndarray) and got.shape == want.shape and got.dtype.kind == "f":
        for name, bad in bugs.items():
            if np.allclose(got, bad, rtol=1e-4, atol=1e-8, equal_nan=True) and \
                    not np.allclose(bad, want, rtol=1e-4, atol=1e-8, equal_nan=True):
                t.fail(f"{what}: your values equal what this mistake gives: {name}", bug=name)
    t.close(got, want, what=what)


def _qkv(rng, shape=(2, 3), T=9, d=4, dv=3):
    return (rng.standard_normal((*shape, T, d)), rng.standard_normal((*shape, T, d)),
            rng.standard_normal((*shape, T, dv)))


@check(points=1, visible=True)
def feature_map_example(t):
    """feature_map([-1, 0, 2]) = [exp(-1), 1, 3]."""
    x = np.array([-1.0, 0.0, 2.0])
    got = yield t.call("feature_map", x)
    t.close(got, t.ref.feature_map(x), what="feature_map([-1, 0, 2])", bugs={
        "elu(x) without the + 1": _elu(x), "relu(x) instead of elu(x) + 1": np.maximum(x, 0)})


@check(points=1, visible=True)
def worked_example(t):
    """The worked example: q = k = [[0], [1]], v = [[1], [3]] gives [[1], [2.333]], both forms."""
    q = k = np.array([[0.0], [1.0]])
    v = np.array([[1.0], [3.0]])
    got = yield [t.call(f, q, k, v) for f in ("linear_attention_quadratic",
                                              "linear_attention_causal")]
    want = t.ref.linear_attention_quadratic(q, k, v)
    for name, g in zip(("linear_attention_quadratic", "linear_attention_causal"), got, strict=True):
        _compare(t, g, want, _bugs(t.ref, q, k, v), f"{name}(q, k, v)")


@check(points=2)
def feature_map_extremes(t):
    """elu(x) + 1 on random values and on -50, -1e-3, 0, 1e-3, 50 and 700: positive, finite."""
    x = np.concatenate([3 * t.rng.standard_normal(20), [-50.0, -1e-3, 0.0, 1e-3, 50.0, 700.0]])
    got = yield t.call("feature_map", x)
    t.close(got, t.ref.feature_map(x), what="feature_map(x)", bugs={
        "elu(x) without the + 1": _elu(x), "relu(x) instead of elu(x) + 1": np.maximum(x, 0)})


@check(points=3)
def quadratic_form(t):
    """The masked quadratic form on (2, 3, 9, 4) queries and keys, (2, 3, 9, 3) values."""
    q, k, v = _qkv(t.rng)
    got = yield t.call("linear_attention_quadratic", q, k, v)
    _compare(t, got, t.ref.linear_attention_quadratic(q, k, v), _bugs(t.ref, q, k, v),
             "linear_attention_quadratic(q, k, v)")


@check(points=3)
def prefix_sum_form(t):
    """The O(T) form on (2, 3, 9, 4) queries and keys, (2, 3, 9, 3) values."""
    q, k, v = _qkv(t.rng)
    got = yield t.call("linear_attention_causal", q, k, v)
    _compare(t, got, t.ref.linear_attention_quadratic(q, k, v), _bugs(t.ref, q, k, v),
             "linear_attention_causal(q, k, v)")


@check(points=2)
def forms_agree_without_batch(t):
    """Both forms on plain (T, d) inputs, T = 33, d = 6, dv = 2."""
    q, k, v = _qkv(t.rng, shape=(), T=33, d=6, dv=2)
    got = yield [t.call(f, q, k, v) for f in ("linear_attention_quadratic",
                                              "linear_attention_causal")]
    want = t.ref.linear_attention_quadratic(q, k, v)
    for name, g in zip(("linear_attention_quadratic", "linear_attention_causal"), got, strict=True):
        _compare(t, g, want, _bugs(t.ref, q, k, v), f"{name}(q, k, v)")


@check(points=3)
def linear_memory(t):
    """T = 2048, d = dv = 8: linear_attention_causal allocates under 8 MiB at its peak
    (tracemalloc, inputs excluded); one 2048 x 2048 array would take 32 MiB."""
    q, k, v = _qkv(t.rng, shape=(), T=MEMORY_T, d=MEMORY_D, dv=MEMORY_D)
    got = yield t.probe("traced", q, k, v)
    got = t.mapping(got, ["out", "peak_bytes", "traced_to_the_end"], "traced")
    t.expect(got["traced_to_the_end"] is True, "tracemalloc was stopped during your call",
             bug="memory measurement disturbed")
    peak = int(got["peak_bytes"])
    t.note(peak_bytes=peak, limit_bytes=MEMORY_LIMIT)
    t.expect(peak <= MEMORY_LIMIT,
             f"linear_attention_causal allocated {peak / 2**20:.1f} MiB at its peak for T = "
             f"{MEMORY_T}, over the 8 MiB allowed: a T x T array is not O(T)",
             bug="a T x T array in the O(T) form")
    _compare(t, got["out"], t.ref.linear_attention_causal(q, k, v), {},
             "linear_attention_causal(q, k, v), T = 2048")
