"""Attack: os._exit(0) in the first graded call, so no result file is written.
Verdict: "no result came back ... exited with status 0", score 0.
Host invariant: missing results are errors.
"""
# ruff: noqa  (hostile on purpose)
# expect: no result came back
import os


def softmax(x, axis=-1):
    os._exit(0)


def scaled_dot_product_attention(q, k, v, mask=None):
    os._exit(0)
