"""Attack: overwrite a canary file on the host, by path, via /proc and through /box.
Verdict: the writes fail; the wrong answers score 0.
Host invariant: the canary's content is unchanged.
"""
# ruff: noqa  (hostile on purpose)
# expect: .
import glob
import os

CANARY = "__CANARY__"
paths = [CANARY, "/proc/1/root" + CANARY, "/proc/self/root" + CANARY, "/box/../" + CANARY]
paths += glob.glob("/proc/*/root" + CANARY)
for p in paths:
    try:
        with open(p, "w") as f:
            f.write("PWNED")
        print("ESCAPED: wrote", p)
    except OSError:
        pass
    try:
        os.unlink(p)
        print("ESCAPED: deleted", p)
    except OSError:
        pass


def softmax(x, axis=-1):
    return x


def scaled_dot_product_attention(q, k, v, mask=None):
    return q, k
