"""Attack: a million empty files (and folders), to exhaust inodes or the cleanup.
Verdict: "filled the N MiB scratch space (/tmp)" once the file cap is reached, score 0.
Host invariant: the box is removed afterwards and no file is left on the host.
"""
# ruff: noqa  (hostile on purpose)
# expect: scratch space
import os

made = 0
for root in ("/tmp", "/box/out"):
    try:
        for i in range(1_000_000):
            os.close(os.open(f"{root}/f{i}", os.O_CREAT | os.O_WRONLY, 0o600))
            made += 1
    except OSError:
        pass


def softmax(x, axis=-1):
    return x * made


def scaled_dot_product_attention(q, k, v, mask=None):
    return q, k
