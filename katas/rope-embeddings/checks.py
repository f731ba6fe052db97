"""Checks for rope-embeddings. Trusted: never enters the sandbox."""

import numpy as np

from graders.kit import check

CONVENTION_BUG = {
    "half": "pairs (i, i + d/2) (the half-split convention) instead of the stated (2i, 2i+1)",
    "interleaved": "pairs (2i, 2i+1) (the interleaved convention) instead of the stated "
                   "(i, i + d/2)",
}


def _rotate(x, angles, pairs="interleaved", sign=1.0, symmetric=False):
    """Rotate pairs of x by angles (T, d/2) under a given pairing: what each mistake computes."""
    d = x.shape[-1]
    a, b = (x[..., 0::2], x[..., 1::2]) if pairs == "interleaved" else (x[..., :d // 2],
                                                                         x[..., d // 2:])
    cos, sin = np.cos(angles), sign * np.sin(angles)
    first = a * cos - b * sin
    second = (b * cos - a * sin) if symmetric else (a * sin + b * cos)
    out = np.empty(x.shape)
    if pairs == "interleaved":
        out[..., 0::2], out[..., 1::2] = first, second
    else:
        out[..., :d // 2], out[..., d // 2:] = first, second
    return out


def _bugs(ref, x, positions, base=10000.0):
    d, T = x.shape[-1], x.shape[-2]
    theta = ref.rope_frequencies(d, base)
    pos = np.asarray(positions, dtype=float)[:, None]
    angles = pos * theta
    pairs = ref.PAIRS  # the kata's variant: "interleaved" or "half"
    other = {"interleaved": "half", "half": "interleaved"}[pairs]
    bugs = {
        CONVENTION_BUG[other]: _rotate(x, angles, pairs=other),
        "frequencies base^(-i/d) instead of base^(-2i/d)":
            _rotate(x, pos * base ** (-np.arange(d // 2) / d), pairs=pairs),
        "rotates by -p*theta (the sine's sign is flipped)":
            _rotate(x, angles, pairs=pairs, sign=-1.0),
        "the 2x2 blocks are [[cos, -sin], [-sin, cos]], not rotations":
            _rotate(x, angles, pairs=pairs, symmetric=True),
    }
    if not np.array_equal(np.asarray(positions), np.arange(T)):
        bugs["positions ignored: rotated by the row index 0..T-1 instead"] = \
            _rotate(x, np.arange(T)[:, None] * theta, pairs=pairs)
    return bugs


@check(points=1, visible=True)
def frequencies_example(t):
    """rope_frequencies(4) = [1, 0.01]."""
    got = yield t.call("rope_frequencies", 4)
    t.close(got, t.ref.rope_frequencies(4), what="rope_frequencies(4)", bugs={
        "frequencies base^(-i/d) instead of base^(-2i/d)": 10000.0 ** (-np.arange(2) / 4)})


@check(points=1, visible=True)
def worked_example(t):
    """x = [[1, 0, 1, 0]] at position 1: [cos 1, sin 1, cos 0.01, sin 0.01]."""
    x = np.array([[1.0, 0.0, 1.0, 0.0]])
    got = yield t.call("apply_rope", x, np.array([1]))
    t.close(got, t.ref.apply_rope(x, np.array([1])), what="apply_rope([[1, 0, 1, 0]], [1])",
            bugs=_bugs(t.ref, x, np.array([1])))


@check(points=2)
def frequencies_random(t):
    """rope_frequencies for d = 8 and 64, base 500 and 10000."""
    cases = [(8, 500.0), (64, 10000.0)]
    got = yield [t.call("rope_frequencies", d, b) for d, b in cases]
    for (d, b), g in zip(cases, got, strict=True):
        t.close(g, t.ref.rope_frequencies(d, b), what=f"rope_frequencies({d}, {b})", bugs={
            "frequencies base^(-i/d) instead of base^(-2i/d)": b ** (-np.arange(d // 2) / d)})


@check(points=3)
def apply_rope_batched(t):
    """x of shape (2, 3, 7, 8) at 7 unsorted positions between 0 and 1000 (as after a KV cache)."""
    x = t.rng.standard_normal((2, 3, 7, 8))
    positions = t.rng.choice(1000, size=7, replace=False)
    got = yield t.call("apply_rope", x, positions)
    t.close(got, t.ref.apply_rope(x, positions), what="apply_rope(x, positions)",
            bugs=_bugs(t.ref, x, positions))


@check(points=2)
def apply_rope_other_base(t):
    """x of shape (5, 16) at positions 0..4 with base = 100."""
    x = t.rng.standard_normal((5, 16))
    got = yield t.call("apply_rope", x, np.arange(5), 100.0)
    t.close(got, t.ref.apply_rope(x, np.arange(5), 100.0), what="apply_rope(x, 0..4, base=100)",
            bugs=_bugs(t.ref, x, np.arange(5), 100.0))


@check(points=3)
def scores_depend_on_offset_only(t):
    """q (4, 16) at positions m and k (6, 16) at positions n, then both shifted by 37: the
    scores q_m . k_n must not change, since RoPE makes them depend on m - n only."""
    q, k = t.rng.standard_normal((4, 16)), t.rng.standard_normal((6, 16))
    m, n = t.rng.integers(0, 50, 4), t.rng.integers(0, 50, 6)
    got = yield [t.probe("scores", q, k, m, n), t.probe("scores", q, k, m + 37, n + 37)]
    before, after = got
    want = t.ref.apply_rope(q, m) @ t.ref.apply_rope(k, n).T
    if isinstance(before, np.ndarray) and isinstance(after, np.ndarray) and \
            before.shape == after.shape == want.shape and \
            not np.allclose(before, after, rtol=1e-6, atol=1e-9):
        t.fail("shifting every position by 37 changed the attention scores: with rotations the "
               "score q_m . k_n depends only on m - n",
               bug="not a rotation: scores depend on absolute positions",
               max_change=float(np.max(np.abs(before - after))))
    t.close(before, want, what="scores between rotated q and k")
    t.close(after, want, what="scores after shifting every position by 37")
