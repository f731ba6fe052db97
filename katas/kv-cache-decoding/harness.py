"""Public probe for kv-cache-decoding: feeds a sequence to your decode_step chunk by chunk.

Nothing here knows the right answers: the checks compare what comes back on their own side.
"""


def decode(solution, x, chunks, Wq, Wk, Wv, Wo, n_heads):
    """Call decode_step on x[:, 0:c0], then x[:, c0:c0+c1], ..., threading the cache through."""
    cache, ys, caches, start = None, [], [], 0
    for size in chunks:
        y, cache = solution.decode_step(x[:, start:start + size], cache, Wq, Wk, Wv, Wo, n_heads)
        ys.append(y)
        caches.append(cache)
        start += size
    return {"ys": ys, "caches": caches}
