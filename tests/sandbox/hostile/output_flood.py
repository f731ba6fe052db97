"""Attack: write 4 GiB to stdout and stderr, hoping to exhaust the grader's memory.
Verdict: "output truncated at N KiB" in the report; the kept output stays under the cap.
Host invariant: the grader keeps at most output_kb bytes and still returns in time.
"""
# ruff: noqa  (hostile on purpose)
# expect: output truncated at
import os

chunk = b"A" * (1 << 20)
for i in range(4096):
    os.write(1 + i % 2, chunk)


def softmax(x, axis=-1):
    return x


def scaled_dot_product_attention(q, k, v, mask=None):
    return q, k
