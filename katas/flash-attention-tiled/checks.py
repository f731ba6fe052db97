"""Checks for flash-attention-tiled. Trusted: never enters the sandbox."""

import numpy as np

from graders.kit import check

MEMORY_T, MEMORY_D, MEMORY_BLOCK = 1024, 4, 128  # the memory check's problem size
MEMORY_LIMIT = 2 << 20  # 2 MiB; the full 1024 x 1024 float64 score matrix takes 8 MiB


def _tiled(q, k, v, bs, causal, *, rescale_sum=True, rescale_out=True, carry_max=True,
           local_causal=False, lse_with_max=True):
    """Tiled attention with each classic mistake switchable: what a buggy kernel returns."""
    Tq, d = q.shape
    out, lse = np.zeros((Tq, v.shape[1])), np.zeros(Tq)
    with np.errstate(all="ignore"):
        for i0 in range(0, Tq, bs):
            qi = q[i0:i0 + bs] / np.sqrt(d)
            rows = np.arange(i0, i0 + len(qi))
            m, l = np.full(len(qi), -np.inf), np.zeros(len(qi))
            acc = np.zeros((len(qi), v.shape[1]))
            for j0 in range(0, k.shape[0], bs):
                if causal and not local_causal and j0 > rows[-1]:
                    break
                s = qi @ k[j0:j0 + bs].T
                if causal:
                    cols = np.arange(j0, j0 + s.shape[1])
                    allowed = (cols[None, :] - j0 <= rows[:, None] - i0) if local_causal else \
                        (cols[None, :] <= rows[:, None])
                    s = np.where(allowed, s, -np.inf)
                m_new = np.maximum(m, s.max(1)) if carry_max else s.max(1)
                alpha = np.exp(m - m_new)
                p = np.exp(s - m_new[:, None])
                l = (alpha * l if rescale_sum else l) + p.sum(1)
                acc = (alpha[:, None] * acc if rescale_out else acc) + p @ v[j0:j0 + bs]
                m = m_new
            out[i0:i0 + len(qi)] = acc / l[:, None]
            lse[i0:i0 + len(qi)] = m + np.log(l) if lse_with_max else np.log(l)
    return out, lse


BUGS = {
    "the running sum is not rescaled by exp(m_old - m_new) when the max grows":
        {"rescale_sum": False},
    "the running output is not rescaled by exp(m_old - m_new) when the max grows":
        {"rescale_out": False},
    "the running max is not carried across tiles (each tile's own max is used)":
        {"carry_max": False},
    "the causal mask uses positions inside the tile instead of absolute positions":
        {"local_causal": True},
    "log-sum-exp returned as log(l), without the running max m": {"lse_with_max": False},
}


def _compare(t, got, q, k, v, bs, causal):
    """Compare (out, lse) with the reference; name a bug only when got equals its output."""
    out, lse = t.items(got, 2, "(out, lse)")
    want_out, want_lse = t.ref.flash_attention(q, k, v, bs, causal)
    variants = {name: _tiled(q, k, v, bs, causal, **flags) for name, flags in BUGS.items()}
    for name, (bad_out, bad_lse) in variants.items():
        if not (np.all(np.isfinite(bad_out)) and np.all(np.isfinite(bad_lse))):
            continue  # overflow looks the same whatever caused it: t.close says so below
        same = [isinstance(g, np.ndarray) and g.shape == b.shape
                and np.allclose(g, b, rtol=1e-4, atol=1e-8, equal_nan=True)
                and not np.allclose(b, w, rtol=1e-4, atol=1e-8, equal_nan=True)
                for g, b, w in ((out, bad_out, want_out), (lse, bad_lse, want_lse))]
        if all(isinstance(g, np.ndarray) and g.shape == b.shape
               and np.allclose(g, b, rtol=1e-4, atol=1e-8, equal_nan=True)
               for g, b in ((out, bad_out), (lse, bad_lse))) and any(same):
            t.fail(f"your (out, lse) equal what a kernel with this mistake returns: {name}",
                   bug=name)
    t.close(out, want_out, what=f"out (block_size={bs}, causal={causal})")
    t.close(lse, want_lse, what=f"lse (block_size={bs}, causal={causal})")


def _qkv(rng, tq, tk, d=8, dv=5):
    return rng.standard_normal((tq, d)), rng.standard_normal((tk, d)), rng.standard_normal((tk, dv))


@check(points=1, visible=True)
def worked_example(t):
    """The worked example: three keys in tiles of 2, not causal."""
    q = np.array([[1.0, 0.0], [0.0, 2.0]])
    k = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    v = np.array([[1.0], [2.0], [3.0]])
    got = yield t.call("flash_attention", q, k, v, 2, False)
    _compare(t, got, q, k, v, 2, False)


@check(points=1, visible=True)
def causal_example(t):
    """T = 5 in tiles of 2, causal."""
    q, k, v = _qkv(t.rng, 5, 5, d=3, dv=2)
    got = yield t.call("flash_attention", q, k, v, 2, True)
    _compare(t, got, q, k, v, 2, True)


@check(points=2)
def random_not_causal(t):
    """Tq = 70 queries, Tk = 45 keys, d = 8, dv = 5, tiles of 16 (the last ones ragged)."""
    q, k, v = _qkv(t.rng, 70, 45)
    got = yield t.call("flash_attention", q, k, v, 16, False)
    _compare(t, got, q, k, v, 16, False)


@check(points=2)
def random_causal(t):
    """T = 67, d = 8, dv = 5, tiles of 16, causal."""
    q, k, v = _qkv(t.rng, 67, 67)
    got = yield t.call("flash_attention", q, k, v, 16, True)
    _compare(t, got, q, k, v, 16, True)


@check(points=1)
def block_sizes(t):
    """The same inputs in tiles of 1, 7 and 64 (one tile holds everything) give one answer."""
    q, k, v = _qkv(t.rng, 20, 20, d=4, dv=3)
    got = yield [t.call("flash_attention", q, k, v, bs, True) for bs in (1, 7, 64)]
    for bs, g in zip((1, 7, 64), got, strict=True):
        _compare(t, g, q, k, v, bs, True)


def _growing(rng, tiles, bs, d=8):
    """Scores that rise by about 2 from each tile of keys to the next, for every query."""
    u = rng.standard_normal(d)
    u /= np.linalg.norm(u)
    q = 2.0 * u + 0.1 * rng.standard_normal((tiles * bs, d))
    level = 1.0 + 3.0 * np.repeat(np.arange(tiles), bs)  # per key
    k = level[:, None] * u + 0.1 * rng.standard_normal((tiles * bs, d))
    return q, k, rng.standard_normal((tiles * bs, 4))


@check(points=3)
def max_grows_across_tiles(t):
    """Every query's largest score grows from tile to tile (T = 48, tiles of 16, causal and
    not): what was summed under an old max must be rescaled by exp(m_old - m_new)."""
    q, k, v = _growing(t.rng, 3, 16)
    got = yield [t.call("flash_attention", q, k, v, 16, c) for c in (False, True)]
    for c, g in zip((False, True), got, strict=True):
        _compare(t, g, q, k, v, 16, c)


@check(points=3)
def max_falls_across_tiles(t):
    """Scores near 1000 in the first tile of keys and near 0 after it (T = 48, tiles of 16):
    exp must never see a large positive argument, so the running max has to be carried."""
    d = 8
    u = np.ones(d) / np.sqrt(d)
    q = 30.0 * u + 0.1 * t.rng.standard_normal((48, d))
    k = t.rng.standard_normal((48, d))
    k[:16] = (1000.0 * np.sqrt(d) / 30.0) * u + t.rng.standard_normal((16, d))
    v = t.rng.standard_normal((48, 3))
    got = yield [t.call("flash_attention", q, k, v, 16, c) for c in (False, True)]
    for c, g in zip((False, True), got, strict=True):
        _compare(t, g, q, k, v, 16, c)


@check(points=3)
def memory_stays_tiled(t):
    """T = 1024, d = 4, tiles of 128, not causal: the peak memory your call allocates (measured
    with tracemalloc, inputs excluded) stays under 2 MiB; the full score matrix takes 8 MiB."""
    q, k, v = _qkv(t.rng, MEMORY_T, MEMORY_T, d=MEMORY_D, dv=MEMORY_D)
    got = yield t.probe("traced", q, k, v, MEMORY_BLOCK, False)
    got = t.mapping(got, ["out", "lse", "peak_bytes", "traced_to_the_end"], "traced")
    t.expect(got["traced_to_the_end"] is True, "tracemalloc was stopped during your call",
             bug="memory measurement disturbed")
    peak = int(got["peak_bytes"])
    t.note(peak_bytes=peak, limit_bytes=MEMORY_LIMIT)
    if peak >= MEMORY_T * MEMORY_T * 4:
        t.fail(f"your call allocated {peak / 2**20:.1f} MiB at its peak: at least a full "
               f"{MEMORY_T} x {MEMORY_T} score matrix. Hold one {MEMORY_BLOCK} x {MEMORY_BLOCK} "
               "tile of scores at a time", bug="the full T x T score matrix is materialised")
    t.expect(peak <= MEMORY_LIMIT,
             f"your call allocated {peak / 2**20:.2f} MiB at its peak, over the 2 MiB allowed: "
             f"hold one {MEMORY_BLOCK} x {MEMORY_BLOCK} tile of scores at a time, not a block of "
             "queries against every key", bug="more than O(block) extra memory")
    _compare(t, (got["out"], got["lse"]), q, k, v, MEMORY_BLOCK, False)
