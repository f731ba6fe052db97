"""Checks for kv-cache-decoding. Trusted: never enters the sandbox."""

import numpy as np

from graders.kit import check


def _weights(rng, d):
    return tuple(rng.standard_normal((d, d)) / np.sqrt(d) for _ in range(4))


def _full_bugs(ref, x, Wq, Wk, Wv, Wo, h):
    """The full-pass output each classic mistake would produce."""
    B, T, D = x.shape

    def variant(scale, allowed, split):
        q, k, v = (split(x @ W) for W in (Wq, Wk, Wv))
        s = np.where(allowed, q @ k.swapaxes(-1, -2) * scale, -np.inf)
        w = np.exp(s - s.max(-1, keepdims=True))
        w = np.nan_to_num(w / w.sum(-1, keepdims=True))
        return ref.merge_heads(w @ v) @ Wo

    tril = np.tril(np.ones((T, T), dtype=bool))
    dh = D // h
    heads = lambda a: ref.split_heads(a, h)  # noqa: E731
    return {
        "scores scaled by 1/sqrt(d_model) instead of 1/sqrt(d_head)":
            variant(1 / np.sqrt(D), tril, heads),
        "no causal mask: every position sees the future": variant(1 / np.sqrt(dh), True, heads),
        "heads split by reshape(B, H, T, d_head) without a transpose (mixes time and features)":
            variant(1 / np.sqrt(dh), tril, lambda a: a.reshape(B, h, T, dh)),
    }


def _chunk_bugs(ref, x_new, k_all, v_all, Wq, Wo, h):
    """The output of one decode call under each classic cache mistake."""
    q = ref.split_heads(x_new @ Wq, h)
    S, L = q.shape[2], k_all.shape[2]
    return {
        "the causal mask inside a chunk ignores the cached positions "
        "(query i of the chunk sees only keys 0..i)":
            ref.merge_heads(ref.attend(q, k_all[:, :, :S], v_all[:, :, :S], 0)) @ Wo,
        "the new tokens attend only to themselves, not to the cache":
            ref.merge_heads(ref.attend(q, k_all[:, :, L - S:], v_all[:, :, L - S:], 0)) @ Wo,
    }


def _check_decode(t, got, x, chunks, W, h):
    """Compare every chunk's output and cache with the reference, naming cache mistakes."""
    got = t.mapping(got, ["ys", "caches"], "decode")
    ys = t.items(got["ys"], len(chunks), "ys")
    caches = t.items(got["caches"], len(chunks), "caches")
    full = t.ref.causal_self_attention(x, *W, h)
    cache, start = None, 0
    for i, size in enumerate(chunks):
        x_new = x[:, start:start + size]
        want_y, cache = t.ref.decode_step(x_new, cache, *W, h)
        assert np.allclose(want_y, full[:, start:start + size])
        where = f"call {i + 1} (positions {start}..{start + size - 1})"
        k, v = t.items(caches[i], 2, f"{where}: the returned cache (k, v)")
        for name, g, w in (("k", k, cache[0]), ("v", v, cache[1])):
            if isinstance(g, np.ndarray) and g.ndim == 4 and g.shape[:2] == w.shape[:2] \
                    and g.shape[2] == size and start > 0:
                t.fail(f"{where}: cache {name} has {size} positions, expected {start + size}: "
                       "append the new keys and values to the cache instead of replacing it",
                       bug="cache not grown: it keeps only the newest positions")
            t.close(g, w, what=f"{where}: cache {name}, shape (B, H, t, d_head)")
        t.close(ys[i], want_y, what=f"{where}: output y",
                bugs=_chunk_bugs(t.ref, x_new, *cache, W[0], W[3], h))
        start += size


@check(points=1, visible=True)
def full_worked_example(t):
    """The worked example: identity weights, one head, x = [[[1, 0], [0, 1]]]."""
    x, eye = np.array([[[1.0, 0.0], [0.0, 1.0]]]), np.eye(2)
    got = yield t.call("causal_self_attention", x, eye, eye, eye, eye, 1)
    t.close(got, t.ref.causal_self_attention(x, eye, eye, eye, eye, 1),
            what="causal_self_attention(x, I, I, I, I, 1)",
            bugs=_full_bugs(t.ref, x, eye, eye, eye, eye, 1))


@check(points=1, visible=True)
def decode_worked_example(t):
    """The worked example decoded one token at a time: same outputs, cache grows 1 -> 2."""
    x, eye = np.array([[[1.0, 0.0], [0.0, 1.0]]]), np.eye(2)
    got = yield t.probe("decode", x, [1, 1], eye, eye, eye, eye, 1)
    _check_decode(t, got, x, [1, 1], (eye, eye, eye, eye), 1)


@check(points=3)
def full_pass_random(t):
    """The full causal pass with B=2, T=6, D=12, H=3 (d_head = 4)."""
    x = t.rng.standard_normal((2, 6, 12))
    W = _weights(t.rng, 12)
    got = yield t.call("causal_self_attention", x, *W, 3)
    t.close(got, t.ref.causal_self_attention(x, *W, 3), what="causal_self_attention(x, ...)",
            bugs=_full_bugs(t.ref, x, *W, 3))


@check(points=3)
def token_by_token(t):
    """Eight calls of one token each (B=2, D=8, H=2) reproduce the full pass; the cache holds
    exactly the keys and values of every position so far."""
    x = t.rng.standard_normal((2, 8, 8))
    W = _weights(t.rng, 8)
    got = yield t.probe("decode", x, [1] * 8, *W, 2)
    _check_decode(t, got, x, [1] * 8, W, 2)


@check(points=3)
def prefill_then_chunks(t):
    """A prompt of 3 tokens, then chunks of 2, 1 and 3 tokens (B=1, D=12, H=4): a chunk's
    causal mask must account for the positions already in the cache."""
    x = t.rng.standard_normal((1, 9, 12))
    W = _weights(t.rng, 12)
    got = yield t.probe("decode", x, [3, 2, 1, 3], *W, 4)
    _check_decode(t, got, x, [3, 2, 1, 3], W, 4)


@check(points=2)
def whole_sequence_in_one_call(t):
    """decode_step on an empty cache with the whole sequence equals the full pass."""
    x = t.rng.standard_normal((3, 5, 6))
    W = _weights(t.rng, 6)
    got = yield t.probe("decode", x, [5], *W, 2)
    _check_decode(t, got, x, [5], W, 2)
