"""Attack: one huge file in the scratch space, written with SIGXFSZ ignored again.
Verdict: "wrote a file over the N MiB file-size limit" (or, if it re-ignores the signal,
the write fails and the scratch or call error says so); score 0.
"""
# ruff: noqa  (hostile on purpose)
# expect: file-size limit|scratch space|File too large
def softmax(x, axis=-1):
    with open("/tmp/big", "wb") as f:
        while True:
            f.write(b"x" * (1 << 20))


def scaled_dot_product_attention(q, k, v, mask=None):
    return softmax(q)
