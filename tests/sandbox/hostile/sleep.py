"""Attack: sleep forever inside a call (no CPU used, so only the wall clock can end it).
Verdict: "killed after N s wall time", status timeout, score 0.
Host invariant: the verdict arrives within the wall limit plus a small margin.
"""
# ruff: noqa  (hostile on purpose)
# expect: wall time
import time


def softmax(x, axis=-1):
    time.sleep(3600)


def scaled_dot_product_attention(q, k, v, mask=None):
    time.sleep(3600)
