"""Attack: fill the disk: many 1 MiB files in /tmp, in $HOME and in the output folder.
Verdict: "filled the N MiB scratch space (/tmp)", score 0.
Host invariant: scratch and outputs are capped tmpfs mounts; nothing lands on the host disk.
"""
# ruff: noqa  (hostile on purpose)
# expect: scratch space
import os

block = b"x" * (1 << 20)
for folder in ("/tmp", "/box/out"):
    try:
        for i in range(100_000):
            with open(os.path.join(folder, f"fill{i}"), "wb") as f:
                f.write(block)
    except OSError:
        pass


def softmax(x, axis=-1):
    return x


def scaled_dot_product_attention(q, k, v, mask=None):
    return q, k
